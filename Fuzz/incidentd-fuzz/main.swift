import IncidentFuzzing

#if canImport(Glibc)
import Glibc
#endif

// Built with `make fuzz` (-sanitize=fuzzer -DFUZZING): libFuzzer drives `FuzzCase.run`.
// Built normally: replays the files or directories given as arguments (a corpus, or
// crashing inputs), so a crash can be reproduced without the fuzzer.
#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { data, size in
    FuzzCase.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data!, count: size)))
    return 0
})
#else
var count = 0
for path in CommandLine.arguments.dropFirst() {
    for file in FuzzFiles.list(path) {
        FuzzCase.run(FuzzFiles.read(file))
        count += 1
    }
}
print("replayed \(count) inputs")
#endif
