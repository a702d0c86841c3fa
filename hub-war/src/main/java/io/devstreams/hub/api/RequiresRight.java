package io.devstreams.hub.api;

import io.devstreams.hub.auth.Right;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the right a resource method needs; {@link RightsFeature} enforces it, and a resource method
 * without it is refused to everyone (fail closed).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresRight {

  /** The right the caller's policy must grant. */
  Right value();
}
