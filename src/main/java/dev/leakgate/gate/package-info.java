/**
 * The gate's rules after the target is ready, one copy for both hosts: the operator (one reconcile
 * at a time, its state in the resource's status) and {@code leakgate run} (one loop on one
 * machine). Hosts read signals, run the load and keep time; this package says what the readings
 * mean for the gate: when recovery ends, when to give up on signals that cannot be read, what a
 * load that delivered nothing is worth. No Kubernetes, Quarkus or clock here: time is passed in.
 */
package dev.leakgate.gate;
