using System.Globalization;

namespace Arbiter.Statistics.Arena;

/// <summary>
/// Graph checks that decide whether the Bradley–Terry MLE exists (Ford, 1957): it does exactly when
/// the directed graph "i beat j at least once" (ties count both ways) is strongly connected.
/// Otherwise some ratings diverge and the fit needs the ridge prior.
/// </summary>
internal static class ComparisonGraph
{
    /// <summary>True when the MLE exists. O(n²), no allocation beyond two small arrays.</summary>
    public static bool MleExists(double[] wins, int n)
    {
        if (n <= 1)
        {
            return true;
        }

        return ReachesAll(wins, n, forward: true) && ReachesAll(wins, n, forward: false);
    }

    /// <summary>Human-readable reasons why the MLE does not exist (empty when it does).</summary>
    public static List<string> Diagnose(double[] wins, int n, IReadOnlyList<string> models)
    {
        var warnings = new List<string>();
        if (MleExists(wins, n))
        {
            return warnings;
        }

        List<List<int>> components = Components(wins, n, (i, j) => wins[(i * n) + j] + wins[(j * n) + i] > 0);
        if (components.Count > 1)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"The comparison graph is disconnected ({components.Count} components: {Describe(components, models)}); ratings in different components are only comparable through the ridge prior."));
        }

        for (int i = 0; i < n; i++)
        {
            double won = 0, lost = 0;
            for (int j = 0; j < n; j++)
            {
                won += wins[(i * n) + j];
                lost += wins[(j * n) + i];
            }

            if (lost == 0 && won > 0)
            {
                warnings.Add($"Model '{models[i]}' has only wins; its maximum-likelihood rating is infinite and is held finite by the ridge prior.");
            }
            else if (won == 0 && lost > 0)
            {
                warnings.Add($"Model '{models[i]}' has only losses; its maximum-likelihood rating is minus infinity and is held finite by the ridge prior.");
            }
        }

        if (warnings.Count == 0)
        {
            // Connected, every model won and lost, yet not strongly connected: a group of models beat another group without ever losing to it.
            List<List<int>> strong = StrongComponents(wins, n);
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Some groups of models never lost to others (strongly connected components: {Describe(strong, models)}); their rating gaps are held finite by the ridge prior."));
        }

        return warnings;
    }

    private static bool ReachesAll(double[] wins, int n, bool forward)
    {
        Span<bool> seen = n <= 512 ? stackalloc bool[n] : new bool[n];
        Span<int> stack = n <= 512 ? stackalloc int[n] : new int[n];
        int top = 0, reached = 1;
        seen[0] = true;
        stack[top++] = 0;
        while (top > 0)
        {
            int i = stack[--top];
            for (int j = 0; j < n; j++)
            {
                double w = forward ? wins[(i * n) + j] : wins[(j * n) + i];
                if (!seen[j] && w > 0)
                {
                    seen[j] = true;
                    reached++;
                    stack[top++] = j;
                }
            }
        }

        return reached == n;
    }

    private static List<List<int>> Components(double[] wins, int n, Func<int, int, bool> edge)
    {
        int[] label = new int[n];
        Array.Fill(label, -1);
        var components = new List<List<int>>();
        for (int start = 0; start < n; start++)
        {
            if (label[start] >= 0)
            {
                continue;
            }

            var members = new List<int> { start };
            label[start] = components.Count;
            for (int k = 0; k < members.Count; k++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (label[j] < 0 && edge(members[k], j))
                    {
                        label[j] = components.Count;
                        members.Add(j);
                    }
                }
            }

            members.Sort();
            components.Add(members);
        }

        return components;
    }

    private static List<List<int>> StrongComponents(double[] wins, int n)
    {
        // Transitive closure is O(n³) but only runs once, for diagnostics of a failed fit.
        bool[] reach = new bool[n * n];
        for (int i = 0; i < n; i++)
        {
            reach[(i * n) + i] = true;
            for (int j = 0; j < n; j++)
            {
                reach[(i * n) + j] |= wins[(i * n) + j] > 0;
            }
        }

        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                if (!reach[(i * n) + k])
                {
                    continue;
                }

                for (int j = 0; j < n; j++)
                {
                    reach[(i * n) + j] |= reach[(k * n) + j];
                }
            }
        }

        return Components(wins, n, (i, j) => reach[(i * n) + j] && reach[(j * n) + i]);
    }

    private static string Describe(List<List<int>> components, IReadOnlyList<string> models)
        => string.Join("; ", components.Select(c => "{" + string.Join(", ", c.Select(i => models[i])) + "}"));
}
