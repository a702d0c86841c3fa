package io.devstreams.hub.api;

import io.devstreams.hub.auth.Right;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Binds a {@link RightFilter} to every resource method: the right named by its {@link
 * RequiresRight}, or no right at all (everyone refused) when the annotation is missing.
 */
@Provider
public class RightsFeature implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    RequiresRight annotation = resource.getResourceMethod().getAnnotation(RequiresRight.class);
    Right required = annotation == null ? null : annotation.value();
    context.register(new RightFilter(required), Priorities.AUTHORIZATION);
  }
}
