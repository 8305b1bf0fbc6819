/**
 * The starter's own test application: instrumented servers, the cluster's nodes and
 * Redis, and the annotation that starts the application for a test.
 */
@NullMarked
package dev.cspwebsocket.testapp;

import org.jspecify.annotations.NullMarked;
