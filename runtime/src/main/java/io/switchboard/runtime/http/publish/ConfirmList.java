package io.switchboard.runtime.http.publish;

import io.switchboard.producer.Confirm;
import java.util.List;

/** The answer of a batch publish, or of a publish through the router: confirms in input order. */
public record ConfirmList(List<Confirm> confirms) {}
