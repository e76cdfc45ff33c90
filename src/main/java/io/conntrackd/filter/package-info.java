/**
 * CEL on conntrack events: the filter rules ({@link io.conntrackd.filter.FilterRules}, compiled once,
 * first match wins, default log), the default route's filter step
 * ({@link io.conntrackd.filter.FilterProcessor}) and the {@code cel} Camel language
 * ({@link io.conntrackd.filter.CelLanguage}). {@link io.conntrackd.filter.ConntrackCel} declares the
 * variables and functions once for both. Knows the event model and Camel's SPI, not the application
 * or the sinks (besides their rate-limited log). See docs/filter.md.
 */
package io.conntrackd.filter;
