package dev.leakgate.operator;

import dev.leakgate.testing.Leakgate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
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
 * Stands in for the Job controller and the kubelet, which the mock API server does not have: for
 * each new Job it runs the container's arguments against the packaged leakgate jar as a child
 * process (the real load, against real services on loopback), maps the termination message path to
 * a file, and when the process ends writes a pod with that message and completes or fails the Job
 * on its exit code, as the real controller does with {@code backoffLimit: 0}.
 */
final class FakeJobController implements AutoCloseable {
  private final KubernetesClient client;
  private final Path dir;
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, List<String>> argsByJob = new ConcurrentHashMap<>();
  private final Watch watch;

  FakeJobController(KubernetesClient client, Path dir) {
    this.client = client;
    this.dir = dir;
    this.watch =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED && started.add(job.getMetadata().getUid())) {
                      Thread thread =
                          new Thread(() -> run(job), "fake-job-" + job.getMetadata().getName());
                      thread.setDaemon(true);
                      thread.start();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  /** The arguments each Job's container was run with, by Job name. */
  List<String> args(String job) {
    return argsByJob.get(job);
  }

  /** What a Job's container printed (stdout and stderr), as its pod log would hold. */
  String log(String job) throws IOException {
    return Files.readString(dir.resolve(job + ".log"), StandardCharsets.UTF_8);
  }

  /** How many Jobs were started: a restarted operator must not start the load again. */
  int startedJobs() {
    return started.size();
  }

  private void run(Job job) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    try {
      Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
      Path termination = dir.resolve(name + ".termination-log");
      argsByJob.put(name, container.getArgs());
      List<String> args = new ArrayList<>();
      for (String arg : container.getArgs()) {
        args.add(arg.equals(container.getTerminationMessagePath()) ? termination.toString() : arg);
      }
      Instant start = Instant.now();
      Process process = start(args, container.getEnv(), dir.resolve(name + ".log"));
      synchronized (processes) {
        processes.add(process);
      }
      process.waitFor(10, TimeUnit.MINUTES);
      int exit = process.exitValue();
      String message =
          Files.exists(termination)
              ? Files.readString(termination, StandardCharsets.UTF_8).strip()
              : "";
      Instant end = Instant.now();
      client
          .pods()
          .inNamespace(namespace)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(name + "-x7k2p")
                  .withNamespace(namespace)
                  .addToLabels("job-name", name)
                  .addToLabels("batch.kubernetes.io/job-name", name)
                  .withCreationTimestamp(start.toString())
                  .endMetadata()
                  .withNewSpec()
                  .withContainers(container)
                  .endSpec()
                  .withNewStatus()
                  .withPhase(exit == 0 ? "Succeeded" : "Failed")
                  .addNewContainerStatus()
                  .withName(container.getName())
                  .withNewState()
                  .withNewTerminated()
                  .withExitCode(exit)
                  .withMessage(message)
                  .withFinishedAt(end.toString())
                  .endTerminated()
                  .endState()
                  .endContainerStatus()
                  .endStatus()
                  .build())
          .create();
      Job current = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      current.setStatus(
          new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
              .withStartTime(start.toString())
              .withSucceeded(exit == 0 ? 1 : 0)
              .withFailed(exit == 0 ? 0 : 1)
              .withCompletionTime(exit == 0 ? end.toString() : null)
              .withConditions(
                  new JobConditionBuilder()
                      .withType(exit == 0 ? "Complete" : "Failed")
                      .withStatus("True")
                      .withReason(exit == 0 ? null : "BackoffLimitExceeded")
                      .withMessage(exit == 0 ? null : "Job has reached the specified backoff limit")
                      .withLastTransitionTime(end.toString())
                      .build())
              .build());
      client.batch().v1().jobs().inNamespace(namespace).resource(current).updateStatus();
    } catch (IOException | RuntimeException e) {
      System.err.println("fake job controller: " + name + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the container's command as the image would: its arguments and its environment. */
  private Process start(List<String> args, List<EnvVar> env, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(Leakgate.jar().toAbsolutePath().toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    env.forEach(e -> builder.environment().put(e.getName(), e.getValue()));
    return builder.start();
  }

  @Override
  public void close() {
    watch.close();
    synchronized (processes) {
      processes.forEach(Process::destroyForcibly);
    }
  }
}
