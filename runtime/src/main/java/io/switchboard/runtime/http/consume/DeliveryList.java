package io.switchboard.runtime.http.consume;

import java.util.List;

/** The answer of a pull; empty when nothing came within the wait. */
public record DeliveryList(List<DeliveryView> deliveries) {}
