/**
 * Hub settings and start-up wiring: the documented configuration keys (MicroProfile Config), the
 * data source and the first-start bootstrap. Nothing here serves requests.
 */
package io.devstreams.hub.config;
