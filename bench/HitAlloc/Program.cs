using System.Diagnostics;
using System.Reflection;

// Managed allocations of a real `barrage` command, read from this process's GC after running it in-process:
// bytes allocated and collections per generation, for the whole command. Run it twice with different durations
// and divide the difference by the difference in requests to get bytes per request in steady state.
// HITALLOC_TYPES=1 also prints the types allocated, from the runtime's allocation ticks (a sample every ~100 KB).
// Run: dotnet run -c Release --project bench/HitAlloc -- hit http://127.0.0.1:18080/small -c 64 -d 10s
using var ticks = Environment.GetEnvironmentVariable("HITALLOC_TYPES") == "1" ? new AllocationTicks() : null;
var main = Assembly.Load("barrage").EntryPoint ?? throw new InvalidOperationException("barrage has no entry point");
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
long allocated = GC.GetTotalAllocatedBytes(precise: true);
int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
// The entry point the compiler made for an async Main blocks on it and returns its int.
var exit = main.Invoke(null, [args]) switch
{
    Task<int> task => await task,
    int code => code,
    _ => throw new InvalidOperationException("barrage's entry point returned neither an int nor a Task<int>"),
};
allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
var info = GC.GetGCMemoryInfo();
Console.WriteLine(
    $"exit {exit}; allocated {allocated / 1024.0 / 1024.0:F1} MiB; collections gen0 {GC.CollectionCount(0) - before[0]}, " +
    $"gen1 {GC.CollectionCount(1) - before[1]}, gen2 {GC.CollectionCount(2) - before[2]}; heap {info.HeapSizeBytes / 1024.0 / 1024.0:F1} MiB, " +
    $"committed {info.TotalCommittedBytes / 1024.0 / 1024.0:F1} MiB; peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F1} MiB; CPU {cpu.TotalSeconds:F2} s");
if (ticks is not null)
{
    // Only types sampled at least twice: a single tick is start-up noise.
    foreach (var (type, bytes) in ticks.BytesByType.Where(kv => kv.Value >= 200_000).OrderByDescending(kv => kv.Value).Take(25))
        Console.WriteLine($"{bytes / 1024.0 / 1024.0,8:F1} MiB  {type}");
}
return exit;
