/** The cold-start floor of a Java handler on the handler's SDK client, measured by bench/run. */
package io.github.voiceconnectorgroup.bench.floor;
