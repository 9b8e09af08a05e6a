// Preloaded into Azurite by StorageEmulator (node -r): the emulator ends when the test process that started it goes
// away, even when that process was killed (a timeout, a mutation-testing run stopped at its first failure, Ctrl-C),
// because the pipe on its standard input then closes.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
