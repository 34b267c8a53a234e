package dev.leakgate.testing;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the scheduler and the kubelet, the parts of a cluster that cannot run on these
 * machines (no container runtime for pods, no node). For each new pod of the namespaces it watches
 * it does what they would: binds the pod to a node ({@code pods/binding}), runs its container, and
 * writes the pod's status ({@code pods/status}) as a kubelet reports it. Everything else is real:
 * the controller manager's Job, ReplicaSet and StatefulSet controllers made these pods, and read
 * what is written here.
 *
 * <p>How a container runs is chosen by its image: {@link #SAMPLE_LEAK_ON} and {@link
 * #SAMPLE_LEAK_OFF} run the sample service and register it with Prometheus under the pod's labels,
 * as Kubernetes service discovery would; {@link #NEVER_READY} runs but never becomes ready; the
 * {@code loadImage} runs LeakGate's jar with the container's arguments and environment, its
 * termination message path mapped to a file, and ends the pod Succeeded or Failed on its exit code.
 * Other images are left Pending, as pods that no node can run.
 */
public final class StandInKubelet implements AutoCloseable {
  public static final String SAMPLE_LEAK_ON = "leakgate/sample-service:leak-on";
  public static final String SAMPLE_LEAK_OFF = "leakgate/sample-service:leak-off";
  public static final String NEVER_READY = "leakgate/never-ready";
  public static final String NODE = "stand-in-node";

  private final KubernetesClient client;
  private final Path dir;
  private final String loadImage;
  private final LocalPrometheus prometheus;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, List<String>> loadArgs = new ConcurrentHashMap<>();
  private final Map<String, Integer> loadRuns = new ConcurrentHashMap<>();
  private final Map<String, java.net.URI> urls = new ConcurrentHashMap<>();
  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();

  public StandInKubelet(
      KubernetesClient client,
      Path dir,
      String loadImage,
      LocalPrometheus prometheus,
      String... namespaces) {
    this.client = client;
    this.dir = dir;
    this.loadImage = loadImage;
    this.prometheus = prometheus;
    for (String namespace : namespaces) {
      informers.add(
          client
              .pods()
              .inNamespace(namespace)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                      if (seen.add(pod.getMetadata().getUid())) {
                        Thread thread = new Thread(() -> start(pod), "kubelet-" + name(pod));
                        thread.setDaemon(true);
                        thread.start();
                      }
                    }

                    @Override
                    public void onUpdate(Pod before, Pod pod) {}

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {}
                  }));
    }
  }

  /** The arguments of the load pods each Job ran, by Job name. */
  public List<String> loadArgs(String job) {
    return loadArgs.get(job);
  }

  /** The base URL of the sample service a pod runs: what a Service in front of it would reach. */
  public String url(String pod) {
    java.net.URI url = urls.get(pod);
    if (url == null) {
      throw new AssertionError("no sample service runs for pod " + pod);
    }
    return url.toString().replaceAll("/$", "");
  }

  /** How many pods of this Job ran: a load must run once, whatever the operator went through. */
  public int loadRuns(String job) {
    return loadRuns.getOrDefault(job, 0);
  }

  /** What a Job's load container printed, as its pod's log would hold. */
  public String loadLog(String job) throws IOException {
    return Files.readString(dir.resolve(job + ".log"), StandardCharsets.UTF_8);
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private void start(Pod pod) {
    Container container = pod.getSpec().getContainers().get(0);
    String image = container.getImage();
    try {
      if (image.equals(SAMPLE_LEAK_ON) || image.equals(SAMPLE_LEAK_OFF)) {
        bind(pod);
        SampleServiceProcess service =
            new SampleServiceProcess(
                dir.resolve(pod.getMetadata().getName() + ".log"),
                image.equals(SAMPLE_LEAK_ON) ? "on" : "off");
        synchronized (running) {
          running.add(service);
        }
        urls.put(pod.getMetadata().getName(), service.url);
        prometheus.addTarget(
            service.url.resolve("/metrics"),
            Map.of(
                "namespace",
                pod.getMetadata().getNamespace(),
                "pod",
                pod.getMetadata().getName(),
                "container",
                container.getName()));
        running(pod, container, true);
      } else if (image.equals(NEVER_READY)) {
        bind(pod);
        running(pod, container, false);
      } else if (image.equals(loadImage)) {
        bind(pod);
        runLoad(pod, container);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | AssertionError e) {
      // A kubelet reports a pod it cannot run in the pod's status; this one tells the test's log.
      System.err.println("stand-in kubelet: " + name(pod) + ": " + e);
      e.printStackTrace();
    }
  }

  private void bind(Pod pod) {
    client
        .bindings()
        .inNamespace(pod.getMetadata().getNamespace())
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .endMetadata()
                .withNewTarget()
                .withKind("Node")
                .withName(NODE)
                .endTarget()
                .build())
        .create();
  }

  private void running(Pod pod, Container container, boolean ready) {
    String now = Instant.now().toString();
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              p.getStatus().setPhase("Running");
              p.getStatus().setPodIP("127.0.0.1");
              p.getStatus().setHostIP("127.0.0.1");
              p.getStatus().setStartTime(now);
              p.getStatus()
                  .setConditions(
                      List.of(
                          condition("PodScheduled", true, now),
                          condition("Initialized", true, now),
                          condition("ContainersReady", ready, now),
                          condition("Ready", ready, now)));
              p.getStatus()
                  .setContainerStatuses(
                      List.of(
                          containerStatus(p, container, ready, true)
                              .withNewState()
                              .withNewRunning()
                              .withStartedAt(now)
                              .endRunning()
                              .endState()
                              .build()));
              return p;
            });
  }

  /** A container's status without its state: what a kubelet reports of it in every state. */
  private static ContainerStatusBuilder containerStatus(
      Pod pod, Container container, boolean ready, boolean started) {
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID(container.getImage())
        .withContainerID("stand-in://" + pod.getMetadata().getUid())
        .withReady(ready)
        .withStarted(started)
        .withRestartCount(0);
  }

  private static PodCondition condition(String type, boolean status, String since) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(since)
        .build();
  }

  /** Runs the load container as the image would: the jar, its arguments, its environment. */
  private void runLoad(Pod pod, Container container) throws IOException, InterruptedException {
    String job =
        pod.getMetadata().getLabels().getOrDefault("job-name", pod.getMetadata().getName());
    loadArgs.put(job, container.getArgs());
    loadRuns.merge(job, 1, Integer::sum);
    Path termination = dir.resolve(pod.getMetadata().getName() + ".termination-log");
    List<String> command = new ArrayList<>(List.of(ListeningProcess.java(), "-jar"));
    command.add(Leakgate.jar().toAbsolutePath().toString());
    for (String arg : container.getArgs()) {
      command.add(arg.equals(container.getTerminationMessagePath()) ? termination.toString() : arg);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(job + ".log").toFile());
    if (container.getEnv() != null) {
      container.getEnv().forEach(e -> builder.environment().put(e.getName(), e.getValue()));
    }
    Process process = builder.start();
    synchronized (running) {
      running.add(process::destroyForcibly);
    }
    running(pod, container, true);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    int exit = process.exitValue();
    String message =
        Files.exists(termination) ? Files.readString(termination, StandardCharsets.UTF_8) : "";
    String now = Instant.now().toString();
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              p.getStatus().setPhase(exit == 0 ? "Succeeded" : "Failed");
              p.getStatus()
                  .setConditions(
                      List.of(
                          condition("PodScheduled", true, now),
                          condition("ContainersReady", false, now),
                          condition("Ready", false, now)));
              p.getStatus()
                  .setContainerStatuses(
                      List.of(
                          containerStatus(p, container, false, false)
                              .withNewState()
                              .withNewTerminated()
                              .withExitCode(exit)
                              .withReason(exit == 0 ? "Completed" : "Error")
                              .withMessage(message)
                              .withFinishedAt(now)
                              .endTerminated()
                              .endState()
                              .build()));
              return p;
            });
  }

  @Override
  public void close() throws Exception {
    informers.forEach(SharedIndexInformer::close);
    synchronized (running) {
      for (AutoCloseable c : running) {
        c.close();
      }
    }
  }
}
