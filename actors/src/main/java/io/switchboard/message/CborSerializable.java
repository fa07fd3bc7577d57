package io.switchboard.message;

/** Marks every type that crosses the cluster; bound to Jackson CBOR in {@code reference.conf}. */
public interface CborSerializable {}
