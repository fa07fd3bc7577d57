package io.switchboard.topic;

import io.switchboard.message.Message;

/** A message waiting in a group's backlog, where it is stored: what a browse shows. */
public record BacklogEntry(int partition, long offset, Message message) {}
