package io.switchboard.message;

/** A sample record payload for codec tests; compare with recursive comparison (byte[] body). */
record Prompt(String conversation, int maxTokens, byte[] body) {}
