package dev.leakgate.operator;

import java.lang.reflect.Proxy;
import java.util.function.IntConsumer;

/**
 * Handlers for process signals (TERM, INT) through {@code sun.misc.Signal} from the JDK's {@code
 * jdk.unsupported} module: the only way to act before Quarkus' own shutdown hook. Reached
 * reflectively because javac warns about the class wherever it is named, with no way to suppress
 * that one warning, and the build fails on warnings.
 */
public final class SignalHandlers {
  private SignalHandlers() {}

  /**
   * Replaces the JVM's handling of signal {@code name} with {@code handler}, which receives the
   * signal's number.
   *
   * @throws IllegalStateException on a JVM without {@code sun.misc.Signal}
   */
  public static void handle(String name, IntConsumer handler) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object proxy =
          Proxy.newProxyInstance(
              SignalHandlers.class.getClassLoader(),
              new Class<?>[] {handlerType},
              (self, method, args) -> {
                if (method.getName().equals("handle")) {
                  handler.accept((Integer) signal.getMethod("getNumber").invoke(args[0]));
                  return null;
                }
                return method.invoke(handler, args);
              });
      signal
          .getMethod("handle", signal, handlerType)
          .invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + e, e);
    }
  }
}
