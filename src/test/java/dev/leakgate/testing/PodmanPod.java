package dev.leakgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod's container run by podman as a kubelet would run it, everything taken from the pod spec
 * rather than repeated in the test: arguments, environment (values and the pod's own fields),
 * security context (user, read-only root, capabilities, privilege escalation), emptyDir volumes as
 * tmpfs, other volumes from directories the caller fills (a ServiceAccount token, a Secret), the
 * memory limit, and a file at the termination message path. The image is the locally built one,
 * standing in for the reference the pod names. Only the network is the host's ({@link
 * Podman#MACHINE_OPTIONS}).
 */
public final class PodmanPod {
  private final String namespace;
  private final String podName;
  private final PodSpec spec;
  private final Map<String, Path> volumes = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();

  public PodmanPod(String namespace, String podName, PodSpec spec) {
    this.namespace = namespace;
    this.podName = podName;
    this.spec = spec;
  }

  /** The directory that stands for a non-emptyDir volume of the pod (a token, a Secret). */
  public PodmanPod volume(String name, Path hostDir) {
    volumes.put(name, hostDir);
    return this;
  }

  /**
   * Environment a kubelet adds on its own ({@code KUBERNETES_SERVICE_HOST}, ...), or that the host
   * network forces to differ (a port), after the pod's.
   */
  public PodmanPod env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /**
   * The {@code podman run} arguments for the pod's first container, the container's own arguments
   * last; the termination message file is {@code terminationLog}.
   */
  public List<String> runArgs(String image, String containerName, Path terminationLog)
      throws IOException {
    Container container = spec.getContainers().get(0);
    List<String> args = new ArrayList<>(List.of("run", "--name", containerName));
    args.addAll(Podman.MACHINE_OPTIONS);
    security(image, args, spec.getSecurityContext(), container.getSecurityContext());
    for (VolumeMount mount :
        Objects.requireNonNullElse(container.getVolumeMounts(), List.<VolumeMount>of())) {
      Volume volume =
          spec.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
      if (volume.getEmptyDir() != null) {
        args.addAll(List.of("--tmpfs", mount.getMountPath()));
      } else {
        Path dir = volumes.get(volume.getName());
        assertThat(dir).as("a directory for volume %s", volume.getName()).isNotNull();
        args.addAll(
            List.of(
                "-v",
                dir
                    + ":"
                    + mount.getMountPath()
                    + (Boolean.TRUE.equals(mount.getReadOnly()) ? ":ro" : "")));
      }
    }
    String messagePath =
        Objects.requireNonNullElse(container.getTerminationMessagePath(), "/dev/termination-log");
    Files.writeString(terminationLog, "");
    // As a kubelet makes it: writable by whatever user the container runs as.
    Files.setPosixFilePermissions(
        terminationLog, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    args.addAll(List.of("-v", terminationLog + ":" + messagePath));
    // A kubelet names the pod's host after it.
    args.addAll(List.of("-e", "HOSTNAME=" + podName));
    for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
      args.addAll(List.of("-e", var.getName() + "=" + value(var)));
    }
    env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    if (container.getResources() != null && container.getResources().getLimits() != null) {
      var memory = container.getResources().getLimits().get("memory");
      if (memory != null) {
        args.addAll(List.of("--memory", memory.getNumericalAmount().toBigInteger() + "b"));
      }
    }
    if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      args.addAll(List.of("--entrypoint", String.join(" ", container.getCommand())));
    }
    args.add(image);
    args.addAll(Objects.requireNonNullElse(container.getArgs(), List.of()));
    return args;
  }

  private String value(EnvVar var) {
    if (var.getValueFrom() == null) {
      return var.getValue();
    }
    String field = var.getValueFrom().getFieldRef().getFieldPath();
    return switch (field) {
      case "metadata.namespace" -> namespace;
      case "metadata.name" -> podName;
      default -> throw new AssertionError("field " + field + " is not stood in for");
    };
  }

  /** The pod's and container's security context as podman options. */
  private static void security(
      String image, List<String> args, PodSecurityContext pod, SecurityContext container)
      throws IOException {
    Long user =
        container != null && container.getRunAsUser() != null
            ? container.getRunAsUser()
            : pod == null ? null : pod.getRunAsUser();
    if (user != null) {
      args.addAll(List.of("--user", user.toString()));
    }
    boolean nonRoot =
        Boolean.TRUE.equals(pod == null ? null : pod.getRunAsNonRoot())
            || Boolean.TRUE.equals(container == null ? null : container.getRunAsNonRoot());
    if (nonRoot && user == null) {
      // As the kubelet does: the image's own user must not be root.
      String imageUser = imageUser(image);
      assertThat(imageUser).as("runAsNonRoot: the image's USER").isNotIn("", "0", "root");
    }
    if (container == null) {
      return;
    }
    if (Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
      args.add("--read-only");
    }
    if (Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
      args.addAll(List.of("--security-opt", "no-new-privileges"));
    }
    if (container.getCapabilities() != null) {
      for (String drop :
          Objects.requireNonNullElse(container.getCapabilities().getDrop(), List.<String>of())) {
        args.addAll(List.of("--cap-drop", drop));
      }
      for (String add :
          Objects.requireNonNullElse(container.getCapabilities().getAdd(), List.<String>of())) {
        args.addAll(List.of("--cap-add", add));
      }
    }
  }

  private static String imageUser(String image) throws IOException {
    try {
      Podman.Result inspect = Podman.run("image", "inspect", "--format", "{{.Config.User}}", image);
      assertThat(inspect.exitCode()).as(inspect.out()).isZero();
      return inspect.out().strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Reads a file the container wrote to its termination message path. */
  public static String message(Path terminationLog) throws IOException {
    return Files.readString(terminationLog, StandardCharsets.UTF_8);
  }
}
