/**
 * Reading settings with their limits checked: {@link io.switchboard.settings.CheckedConfig}. The
 * typed view of the whole {@code switchboard} block is {@link io.switchboard.SwitchboardSettings}.
 */
package io.switchboard.settings;
