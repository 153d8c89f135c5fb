using System.Numerics;
using Tsunagari.Web.Features.Dashboards;

namespace Tsunagari.Tests.Dashboards;

/// <summary>
/// Property tests: for many random tables, no hidden count can be worked out from what is published — neither by linear
/// algebra over the published cells and margins, nor with what the marks tell a reader ("k未満" = 1..k-1, "秘匿" ≥ k).
/// </summary>
public sealed class SmallCellSuppressionTests
{
    [Fact]
    public void No_hidden_count_is_determined_by_the_published_cells_and_margins()
    {
        var random = new Random(14);
        var suppressed = 0;
        for (var n = 0; n < 600; n++)
        {
            var k = 3 + random.Next(4);
            var table = RandomTable(random, 1 + random.Next(7), 1 + random.Next(7), k, maxExtra: 30);
            var result = new SmallCellSuppression(k).Apply(table);
            AssertPrimarySuppression(table, result, k);
            foreach (var (r, c) in Hidden(result))
            {
                suppressed++;
                Assert.False(IsDetermined(result, r, c), $"Entry ({r},{c}) is determined in table #{n}:\n{Show(result)}");
            }
        }

        Assert.True(suppressed > 1000, $"Only {suppressed} hidden entries: the random tables do not exercise suppression.");
    }

    [Fact]
    public void Every_hidden_count_could_be_at_least_two_values_within_its_mark()
    {
        var random = new Random(2026);
        var checkedEntries = 0;
        var wholeTables = 0;
        const int Tables = 250;
        for (var n = 0; n < Tables; n++)
        {
            var k = 3 + random.Next(3);
            var table = RandomTable(random, 1 + random.Next(3), 1 + random.Next(3), k, maxExtra: 6);
            var result = new SmallCellSuppression(k).Apply(table);
            if (result.WholeTableSuppressed)
            {
                // No pattern exists (zeros pin the small counts down): everything is hidden under one mark, and a
                // homogeneous system of line sums has the doubled table as another solution.
                wholeTables++;
                Assert.All(Hidden(result), e => Assert.Equal(CountState.Complementary, result.At(e.Row, e.Column).State));
                Assert.Equal((table.Rows + 1) * (table.Columns + 1), Hidden(result).Count);
                continue;
            }

            foreach (var (r, c) in Hidden(result))
            {
                checkedEntries++;
                Assert.True(HasAnotherValue(result, k, r, c), $"Entry ({r},{c}) has only one possible value in table #{n}:\n{Show(result)}");
            }
        }

        Assert.True(checkedEntries > 300, $"Only {checkedEntries} hidden entries checked.");
        Assert.True(wholeTables < Tables / 10, $"{wholeTables} of {Tables} tables were hidden whole.");
    }

    [Fact]
    public void An_area_table_and_a_month_table_of_the_same_issues_hide_no_count_that_the_pair_together_determines()
    {
        var random = new Random(8);
        var hiddenShared = 0;
        var checkedEntries = 0;
        for (var n = 0; n < 300; n++)
        {
            var k = 3 + random.Next(3);
            var columns = 1 + random.Next(5);
            var byArea = RandomTable(random, 1 + random.Next(5), columns, k, maxExtra: 20);
            var byMonth = Regroup(random, byArea.GrandTotal, 1 + random.Next(5), 1 + random.Next(4)); // the same issues by month × status
            var suppression = new SmallCellSuppression(k);

            var (area, month) = suppression.ApplyLinked(byArea, byMonth, [((byArea.Rows, byArea.Columns), (byMonth.Rows, byMonth.Columns))]);

            AssertPrimarySuppression(byArea, area, k);
            AssertPrimarySuppression(byMonth, month, k);
            Assert.Equal(area.GrandTotal.IsPublished, month.GrandTotal.IsPublished);
            hiddenShared += area.GrandTotal.IsPublished ? 0 : 1;

            // One system of equations over both tables, a shared total being one unknown: nothing hidden is determined.
            var (rows, unknowns) = LinkedEquations(area, month);
            foreach (var target in Enumerable.Range(0, unknowns.Count))
            {
                checkedEntries++;
                Assert.False(IsDetermined(rows, unknowns.Count, target), $"{unknowns[target]} is determined in pair #{n}:\n{Show(area)}\n--\n{Show(month)}");
            }
        }

        Assert.True(hiddenShared > 20, $"Only {hiddenShared} shared totals were hidden: the pairs do not exercise linking.");
        Assert.True(checkedEntries > 1000, $"Only {checkedEntries} hidden entries checked.");
    }

    [Fact]
    public void Years_made_of_months_show_a_sum_only_when_every_month_in_it_is_shown()
    {
        var months = new CountTable(new[,] { { 20, 3 }, { 15, 12 }, { 30, 40 }, { 25, 35 } });
        var table = new SmallCellSuppression(5).Apply(months);

        var years = table.GroupRows([[0, 1], [2, 3]]);

        Assert.Equal(CountState.BelowThreshold, table.Cell(0, 1).State);
        Assert.Equal(CountState.Withheld, years.Cell(0, 1).State); // contains the hidden 3
        Assert.Equal("—", CouncilDashboard.Show(years.Cell(0, 1), 5));
        Assert.Equal(new SuppressedCount(55, CountState.Published), years.Cell(1, 0)); // 30 + 25, both shown
        Assert.Equal(table.GrandTotal, years.GrandTotal);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(table.ColumnTotal(c), years.ColumnTotal(c)));
    }

    [Fact]
    public void A_single_small_cell_in_a_row_takes_a_partner_in_its_row_and_column()
    {
        var table = new CountTable(new[,] { { 3, 20, 30 }, { 12, 15, 40 }, { 25, 9, 11 } });

        var result = new SmallCellSuppression(5).Apply(table);

        Assert.Equal(CountState.BelowThreshold, result.Cell(0, 0).State);
        Assert.Contains(Enumerable.Range(1, 2), c => result.Cell(0, c).State == CountState.Complementary);
        Assert.Contains(Enumerable.Range(1, 2), r => result.Cell(r, 0).State == CountState.Complementary);
        Assert.True(result.GrandTotal.IsPublished);
        Assert.Equal(15, result.Cell(1, 1).IsPublished ? 15 : result.Cell(1, 1).Value); // values stay for rendering decisions
    }

    [Fact]
    public void A_table_of_only_small_cells_hides_them_and_small_margins_but_publishes_zeros()
    {
        var table = new CountTable(new[,] { { 1, 2, 0 }, { 0, 1, 1 } });

        var result = new SmallCellSuppression(5).Apply(table);

        Assert.True(result.Cell(0, 2).IsPublished);
        Assert.Equal(0, result.Cell(0, 2).Value);
        Assert.Equal(CountState.BelowThreshold, result.Cell(0, 0).State);
        Assert.Equal(CountState.BelowThreshold, result.RowTotal(0).State); // 3 < 5: margins are counts too
        Assert.Equal(CountState.Published, result.GrandTotal.State); // 5
        foreach (var (r, c) in Hidden(result))
        {
            Assert.False(IsDetermined(result, r, c));
        }
    }

    [Fact]
    public void An_empty_table_publishes_a_zero_total()
    {
        var result = new SmallCellSuppression(5).Apply(new CountTable(new int[0, 0]));

        Assert.Equal(new SuppressedCount(0, CountState.Published), result.GrandTotal);
        Assert.False(result.HasSuppression);
    }

    [Fact]
    public void A_single_count_below_k_is_marked_and_zero_is_not()
    {
        var suppression = new SmallCellSuppression(10);
        Assert.Equal(CountState.BelowThreshold, suppression.One(9).State);
        Assert.Equal(CountState.Published, suppression.One(10).State);
        Assert.Equal(CountState.Published, suppression.One(0).State);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmallCellSuppression(2));
    }

    private static CountTable RandomTable(Random random, int rows, int columns, int k, int maxExtra)
    {
        var cells = new int[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                cells[r, c] = random.Next(10) switch
                {
                    < 3 => 0,
                    < 6 => 1 + random.Next(k - 1),
                    _ => k + random.Next(maxExtra),
                };
            }
        }

        return new CountTable(cells);
    }

    private static void AssertPrimarySuppression(CountTable table, SuppressedTable result, int k)
    {
        var grid = table.WithMargins();
        for (var r = 0; r <= table.Rows; r++)
        {
            for (var c = 0; c <= table.Columns; c++)
            {
                Assert.Equal(grid[r, c], result.At(r, c).Value);
                if (result.WholeTableSuppressed)
                {
                    Assert.False(result.At(r, c).IsPublished);
                }
                else if (grid[r, c] is > 0 && grid[r, c] < k)
                {
                    Assert.Equal(CountState.BelowThreshold, result.At(r, c).State);
                }
                else if (!result.At(r, c).IsPublished && !result.WholeTableSuppressed)
                {
                    Assert.True(grid[r, c] >= k, "Only counts of k or more are hidden as complements.");
                }
            }
        }
    }

    /// <summary>A table of <paramref name="total"/> counts spread at random over its cells (the same issues by other dimensions).</summary>
    private static CountTable Regroup(Random random, int total, int rows, int columns)
    {
        var cells = new int[rows, columns];
        for (var left = total; left > 0; left--)
        {
            cells[random.Next(rows), random.Next(columns)]++;
        }

        return new CountTable(cells);
    }

    /// <summary>
    /// The line equations of both tables over their hidden entries; the second table's grand total is the first's (the same
    /// count), so it is one unknown when hidden and a known value when published.
    /// </summary>
    private static (List<BigInteger[]> Rows, List<string> Unknowns) LinkedEquations(SuppressedTable first, SuppressedTable second)
    {
        string Key(int table, SuppressedTable t, int r, int c) =>
            table == 1 && r == t.Rows && c == t.Columns ? $"T0({first.Rows},{first.Columns})" : $"T{table}({r},{c})";
        var unknowns = new List<string>();
        var index = new Dictionary<string, int>();
        foreach (var (t, i) in new[] { (first, 0), (second, 1) })
        {
            foreach (var (r, c) in Hidden(t))
            {
                var key = Key(i, t, r, c);
                if (!index.ContainsKey(key))
                {
                    index[key] = unknowns.Count;
                    unknowns.Add(key);
                }
            }
        }

        var rows = new List<BigInteger[]>();
        foreach (var (t, i) in new[] { (first, 0), (second, 1) })
        {
            void Line(IEnumerable<(int R, int C, int Sign)> terms)
            {
                var row = new BigInteger[unknowns.Count];
                foreach (var (r, c, sign) in terms)
                {
                    if (!t.At(r, c).IsPublished)
                    {
                        row[index[Key(i, t, r, c)]] += sign;
                    }
                }

                rows.Add(row);
            }

            for (var r = 0; r <= t.Rows; r++)
            {
                Line(Enumerable.Range(0, t.Columns).Select(c => (r, c, 1)).Append((r, t.Columns, -1)));
            }

            for (var c = 0; c <= t.Columns; c++)
            {
                Line(Enumerable.Range(0, t.Rows).Select(r => (r, c, 1)).Append((t.Rows, c, -1)));
            }
        }

        return (rows, unknowns);
    }

    private static bool IsDetermined(List<BigInteger[]> rows, int unknowns, int target)
    {
        var unit = new BigInteger[unknowns];
        unit[target] = 1;
        return Rank([.. rows.Select(r => r.ToArray())], unknowns) == Rank([.. rows.Select(r => r.ToArray()), unit], unknowns);
    }

    private static List<(int Row, int Column)> Hidden(SuppressedTable t) =>
        [.. from r in Enumerable.Range(0, t.Rows + 1) from c in Enumerable.Range(0, t.Columns + 1) where !t.At(r, c).IsPublished select (r, c)];

    /// <summary>
    /// The lines of the grid as equations over the hidden entries: row r: Σ cells − row total = 0; column c likewise.
    /// Returns the coefficient rows (one column per hidden entry) and each equation's constant from published entries.
    /// </summary>
    private static (List<int[]> Rows, List<long> Constants, List<(int, int)> Unknowns) Equations(SuppressedTable t)
    {
        var unknowns = Hidden(t);
        var index = unknowns.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i);
        var rows = new List<int[]>();
        var constants = new List<long>();
        void Line(IEnumerable<((int, int) Entry, int Sign)> terms)
        {
            var coefficients = new int[unknowns.Count];
            long constant = 0;
            foreach (var (entry, sign) in terms)
            {
                if (index.TryGetValue(entry, out var i))
                {
                    coefficients[i] += sign;
                }
                else
                {
                    constant += sign * t.At(entry.Item1, entry.Item2).Value;
                }
            }

            rows.Add(coefficients);
            constants.Add(constant);
        }

        for (var r = 0; r <= t.Rows; r++)
        {
            Line(Enumerable.Range(0, t.Columns).Select(c => ((r, c), 1)).Append(((r, t.Columns), -1)));
        }

        for (var c = 0; c <= t.Columns; c++)
        {
            Line(Enumerable.Range(0, t.Rows).Select(r => ((r, c), 1)).Append(((t.Rows, c), -1)));
        }

        return (rows, constants, unknowns);
    }

    /// <summary>An unknown is determined iff its unit vector lies in the row space (exact integer elimination).</summary>
    private static bool IsDetermined(SuppressedTable t, int row, int column)
    {
        var (rows, _, unknowns) = Equations(t);
        var target = unknowns.IndexOf((row, column));
        var matrix = rows.Select(r => r.Select(x => (BigInteger)x).ToArray()).ToList();
        var withUnit = matrix.Select(r => r.ToArray()).ToList();
        var unit = new BigInteger[unknowns.Count];
        unit[target] = 1;
        withUnit.Add(unit);
        return Rank(matrix, unknowns.Count) == Rank(withUnit, unknowns.Count);
    }

    private static int Rank(List<BigInteger[]> matrix, int columns)
    {
        var rank = 0;
        for (var c = 0; c < columns && rank < matrix.Count; c++)
        {
            var pivot = matrix.FindIndex(rank, r => !r[c].IsZero);
            if (pivot < 0)
            {
                continue;
            }

            (matrix[rank], matrix[pivot]) = (matrix[pivot], matrix[rank]);
            for (var r = 0; r < matrix.Count; r++)
            {
                if (r != rank && !matrix[r][c].IsZero)
                {
                    var factor = matrix[r][c];
                    var p = matrix[rank][c];
                    for (var j = 0; j < columns; j++)
                    {
                        matrix[r][j] = (matrix[r][j] * p) - (matrix[rank][j] * factor);
                    }
                }
            }

            rank++;
        }

        return rank;
    }

    /// <summary>
    /// Exhaustive search for an integer solution of the grid equations in which the entry differs from its true value,
    /// every "k未満" entry is 1..k-1 and every "秘匿" entry is k or more (capped generously).
    /// </summary>
    private static bool HasAnotherValue(SuppressedTable t, int k, int row, int column)
    {
        var (rows, constants, unknowns) = Equations(t);
        var cap = (t.GrandTotal.Value * 2) + k;
        var low = unknowns.Select(u => t.At(u.Item1, u.Item2).State == CountState.BelowThreshold ? 1 : k).ToArray();
        var high = unknowns.Select(u => t.At(u.Item1, u.Item2).State == CountState.BelowThreshold ? k - 1 : cap).ToArray();
        var target = unknowns.IndexOf((row, column));
        var actual = t.At(row, column).Value;
        for (var v = low[target]; v <= high[target]; v++)
        {
            if (v == actual)
            {
                continue;
            }

            var values = new int?[unknowns.Count];
            values[target] = v;
            if (Solve(values, 0))
            {
                return true;
            }
        }

        return false;

        bool Solve(int?[] values, int next)
        {
            // Prune: every equation must still be reachable within the bounds of its unassigned unknowns.
            for (var e = 0; e < rows.Count; e++)
            {
                long sum = constants[e], min = 0, max = 0;
                for (var i = 0; i < unknowns.Count; i++)
                {
                    var a = rows[e][i];
                    if (a == 0)
                    {
                        continue;
                    }

                    if (values[i] is { } x)
                    {
                        sum += a * x;
                    }
                    else
                    {
                        min += Math.Min(a * low[i], a * high[i]);
                        max += Math.Max(a * low[i], a * high[i]);
                    }
                }

                if (sum + min > 0 || sum + max < 0)
                {
                    return false;
                }
            }

            while (next < unknowns.Count && values[next] is not null)
            {
                next++;
            }

            if (next == unknowns.Count)
            {
                return true;
            }

            for (var x = low[next]; x <= high[next]; x++)
            {
                values[next] = x;
                if (Solve(values, next + 1))
                {
                    return true;
                }
            }

            values[next] = null;
            return false;
        }
    }

    private static string Show(SuppressedTable t) => string.Join("\n", Enumerable.Range(0, t.Rows + 1).Select(r =>
        string.Join(" ", Enumerable.Range(0, t.Columns + 1).Select(c => t.At(r, c) switch
        {
            { State: CountState.Published } p => p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            { State: CountState.BelowThreshold } p => $"<{p.Value}>",
            var p => $"[{p.Value}]",
        }))));
}
