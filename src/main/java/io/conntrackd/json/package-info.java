/**
 * Events as JSON and back, with the stream sink's fields and order (docs/fields.md): Camel type
 * converters ({@link io.conntrackd.json.EventJsonConverters}), the {@code conntrack-json} data format,
 * a Jackson module for {@code marshal: json}, and the reader and writer they share. Writing goes
 * through the sinks' own field writer, so the JSON here and the stream sink's lines never differ.
 * Knows the event model, the sinks' field list and Camel's SPI. See docs/camel.md.
 */
package io.conntrackd.json;
