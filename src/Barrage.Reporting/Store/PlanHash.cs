using System.IO.Hashing;
using System.Text;

namespace Barrage.Reporting.Store;

/// <summary>The identity of a plan's text in the store: runs of the same plan share it (history, compare, reports).</summary>
/// <remarks>
/// XxHash128, 32 hex digits: an identity, not a signature, so a fast non-cryptographic hash does. SHA-256 (schema
/// 4 and before) cost every run's start ~10 ms of CPU to load and initialise OpenSSL; migration 5 rehashes old runs.
/// </remarks>
internal static class PlanHash
{
    /// <summary>The name under which the store's connection knows <see cref="Of"/> while it migrates.</summary>
    public const string SqlFunction = "barrage_plan_hash";

    /// <summary>The hash of <paramref name="planText"/>, lower-case hex.</summary>
    public static string Of(string planText) => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(planText)));
}
