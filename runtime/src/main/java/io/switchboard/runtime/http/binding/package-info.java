/**
 * The router's bindings over HTTP; entry point {@link
 * io.switchboard.runtime.http.binding.BindingRoutes}.
 */
package io.switchboard.runtime.http.binding;
