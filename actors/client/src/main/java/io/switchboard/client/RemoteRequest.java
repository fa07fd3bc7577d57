package io.switchboard.client;

import io.switchboard.request.RequestDelivery;

/**
 * A request given to a remote worker ({@link SwitchboardClient#requests}): the library's {@link
 * RequestDelivery}, answered over the node's Serve stream. {@link #reply} completes once the chunk
 * is stored on the node (the caller's backpressure); stages complete on the client's executor.
 */
public interface RemoteRequest extends RequestDelivery {}
