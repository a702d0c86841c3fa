package io.devstreams.it;

/** Closing a test's fixtures in order, each attempted even when one before it failed. */
final class Closeables {
  private Closeables() {}

  /** Closes each non-null resource in turn; a failure to close one does not stop the others. */
  static void closeAll(AutoCloseable... resources) {
    for (AutoCloseable c : resources) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }
}
