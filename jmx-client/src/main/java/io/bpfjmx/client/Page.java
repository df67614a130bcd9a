package io.bpfjmx.client;

import java.util.List;

/** One page of a paged dump (the agent's {@code dumpFrom}) and the cursor of the next, null after the last. */
record Page<T>(List<T> entries, String next) {}
