/**
 * The hub's settings model: every MicroProfile Config key of the hub, its default and its check,
 * declared once, in the record of the part of the hub it configures. {@link
 * io.devstreams.hub.settings.SettingsProducer} reads them all when the hub starts, so that one bad
 * value stops the start with one line naming the key, and hands each service its validated record.
 * It depends on no other package of the hub but authentication's two small values, and reads no
 * setting anywhere else; docs/operations.md's table of settings is made from {@link
 * io.devstreams.hub.settings.Settings#all()}.
 */
package io.devstreams.hub.settings;
