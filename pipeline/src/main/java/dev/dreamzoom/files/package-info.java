/**
 * Files that survive crashes and are shared between processes and hosts: {@link
 * dev.dreamzoom.files.AtomicFiles} (write to a temporary file, fsync, rename; never over anything
 * but a regular file, nor over a file the command reads), {@link dev.dreamzoom.files.SourceFile}
 * (an input's size, time and SHA-256, to tell when it changed) and {@link
 * dev.dreamzoom.files.RenderLock} (a lock written whole, with a heartbeat that reports its own
 * failure and a stale takeover only one process wins; {@link
 * dev.dreamzoom.files.RenderLock#STALE_AFTER} is the one default staleness). Used by every stage
 * that writes.
 *
 * <p>Uses only the JDK and SLF4J. Must not use any other stage.
 */
package dev.dreamzoom.files;
