namespace Tsunagari.Web.Features.Dashboards;

/// <summary>How one published count is shown.</summary>
public enum CountState
{
    /// <summary>Shown as the number.</summary>
    Published,

    /// <summary>Primary suppression: 1..k-1, shown as "k未満".</summary>
    BelowThreshold,

    /// <summary>Complementary suppression: a larger count hidden so that a small one cannot be worked out ("秘匿").</summary>
    Complementary,

    /// <summary>A sum that includes hidden counts (<see cref="SuppressedTable.GroupRows"/>): not shown, and no mark tells its size ("—").</summary>
    Withheld,
}

/// <summary>A count and how it may be shown. <see cref="Value"/> must not be rendered unless <see cref="IsPublished"/>.</summary>
public readonly record struct SuppressedCount(int Value, CountState State)
{
    public bool IsPublished => State == CountState.Published;
}

/// <summary>A table of counts; its row totals, column totals and grand total follow from the cells.</summary>
public sealed class CountTable
{
    private readonly int[,] _cells;

    public CountTable(int[,] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        foreach (var value in cells)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(cells));
        }

        _cells = (int[,])cells.Clone();
    }

    public int Rows => _cells.GetLength(0);

    public int Columns => _cells.GetLength(1);

    public int this[int row, int column] => _cells[row, column];

    public int RowTotal(int row) => Enumerable.Range(0, Columns).Sum(c => _cells[row, c]);

    public int ColumnTotal(int column) => Enumerable.Range(0, Rows).Sum(r => _cells[r, column]);

    public int GrandTotal => _cells.Cast<int>().Sum();

    /// <summary>
    /// The table with its margins as one (Rows + 1) × (Columns + 1) grid: the last row holds the column totals, the last
    /// column the row totals, the corner the grand total.
    /// </summary>
    public int[,] WithMargins()
    {
        var grid = new int[Rows + 1, Columns + 1];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                grid[r, c] = _cells[r, c];
                grid[r, Columns] += _cells[r, c];
                grid[Rows, c] += _cells[r, c];
                grid[Rows, Columns] += _cells[r, c];
            }
        }

        return grid;
    }
}

/// <summary>A table after suppression: what may be shown of every cell and margin.</summary>
public sealed class SuppressedTable
{
    private readonly SuppressedCount[,] _grid;

    internal SuppressedTable(SuppressedCount[,] grid, bool wholeTableSuppressed)
    {
        _grid = grid;
        WholeTableSuppressed = wholeTableSuppressed;
    }

    public int Rows => _grid.GetLength(0) - 1;

    public int Columns => _grid.GetLength(1) - 1;

    /// <summary>
    /// True when no pattern could protect the small counts (it happens when zeros pin them down) and every entry, zeros
    /// and small counts included, is hidden under one mark.
    /// </summary>
    public bool WholeTableSuppressed { get; }

    public SuppressedCount Cell(int row, int column) => _grid[row, column];

    public SuppressedCount RowTotal(int row) => _grid[row, Columns];

    public SuppressedCount ColumnTotal(int column) => _grid[Rows, column];

    public SuppressedCount GrandTotal => _grid[Rows, Columns];

    /// <summary>Cell, margin or corner of the (Rows + 1) × (Columns + 1) grid (see <see cref="CountTable.WithMargins"/>).</summary>
    public SuppressedCount At(int row, int column) => _grid[row, column];

    public bool HasSuppression => _grid.Cast<SuppressedCount>().Any(c => !c.IsPublished);

    /// <summary>
    /// A coarser table whose rows are sums of this table's rows (months into years). A sum is shown only when every
    /// count in it is shown, so the coarser table tells nothing that this one does not; the column totals and the grand
    /// total are this table's.
    /// </summary>
    public SuppressedTable GroupRows(IReadOnlyList<IReadOnlyList<int>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var grid = new SuppressedCount[groups.Count + 1, Columns + 1];
        for (var g = 0; g < groups.Count; g++)
        {
            for (var c = 0; c <= Columns; c++)
            {
                var parts = groups[g].Select(r => _grid[r, c]).ToList();
                grid[g, c] = new SuppressedCount(parts.Sum(p => p.Value), parts.All(p => p.IsPublished) ? CountState.Published : CountState.Withheld);
            }
        }

        for (var c = 0; c <= Columns; c++)
        {
            grid[groups.Count, c] = _grid[Rows, c];
        }

        return new SuppressedTable(grid, WholeTableSuppressed);
    }
}

/// <summary>
/// 小さい値の秘匿 — small-cell suppression for a two-way table published with its row totals, column totals and grand
/// total (ADR 014). Every count from 1 to k-1, margins included, is hidden as "k未満" (primary suppression); zeros are
/// published. Then larger counts (never zeros, at least k) are hidden as "秘匿" (complementary suppression) until every
/// hidden count could take at least two values consistent with everything published and with what a reader knows of
/// the marks ("k未満" is 1..k-1, "秘匿" is k or more).
/// </summary>
/// <remarks>
/// Why this works: with the margins in the grid and the margins' sign flipped, every row and every column of the grid
/// sums to zero, so the hidden counts can change together exactly along alternating cycles of hidden grid entries
/// (row → column → row …). A hidden count is protected when it lies on such a cycle along which every hidden count can
/// move by one and stay within its mark. Each unprotected count is protected by hiding the cheapest (smallest counts)
/// published entries that close a cycle through it. If none exists, the whole table is hidden under one mark.
/// </remarks>
public sealed class SmallCellSuppression
{
    public SmallCellSuppression(int k)
    {
        // With k = 2, "2未満" with zeros published could only mean 1: no mark can protect it.
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 3);
        K = k;
    }

    public int K { get; }

    /// <summary>A count shown on its own (no margins it adds up to).</summary>
    public SuppressedCount One(int value) =>
        new(value, value >= 1 && value < K ? CountState.BelowThreshold : CountState.Published);

    /// <summary>Suppresses <paramref name="table"/>; <paramref name="forced"/> grid entries are hidden in any case (linked tables).</summary>
    public SuppressedTable Apply(CountTable table, IEnumerable<(int Row, int Column)>? forced = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var grid = new Grid(table.WithMargins(), K);
        for (var r = 0; r <= table.Rows; r++)
        {
            for (var c = 0; c <= table.Columns; c++)
            {
                if (grid.Value(r, c) >= 1 && grid.Value(r, c) < K)
                {
                    grid.State[r, c] = CountState.BelowThreshold;
                }
            }
        }

        foreach (var (row, column) in forced ?? [])
        {
            if (grid.State[row, column] == CountState.Published)
            {
                grid.State[row, column] = CountState.Complementary;
            }
        }

        var whole = !grid.ProtectAll();
        if (whole)
        {
            for (var r = 0; r <= table.Rows; r++)
            {
                for (var c = 0; c <= table.Columns; c++)
                {
                    // One mark for everything: with no value published and no bound told, doubling every count
                    // gives another table with the same marks, so no count can be recovered.
                    grid.State[r, c] = CountState.Complementary;
                }
            }
        }

        var result = new SuppressedCount[table.Rows + 1, table.Columns + 1];
        for (var r = 0; r <= table.Rows; r++)
        {
            for (var c = 0; c <= table.Columns; c++)
            {
                result[r, c] = new SuppressedCount(grid.Value(r, c), grid.State[r, c]);
            }
        }

        return new SuppressedTable(result, whole);
    }

    /// <summary>
    /// Suppresses two tables published side by side that show some of the same counts: <paramref name="shared"/> pairs a
    /// grid entry of the first with the entry of the second that shows the same count. A count hidden in one table must
    /// not be published by the other, so each table is suppressed again with the other's hidden shared entries forced,
    /// until neither changes; forced sets only grow, so this ends. With ONE shared count (two tables of the same issues
    /// by different dimensions share only their grand total) that is enough: a hidden entry that can change in its own
    /// table either leaves the shared count alone or changes it, and the other table, which protects the shared count
    /// too, can follow. With several shared counts it is not (ADR 014 has the counterexample): keep tables apart.
    /// </summary>
    public (SuppressedTable First, SuppressedTable Second) ApplyLinked(
        CountTable first, CountTable second, IReadOnlyList<((int Row, int Column) First, (int Row, int Column) Second)> shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        var forcedFirst = new HashSet<(int Row, int Column)>();
        var forcedSecond = new HashSet<(int Row, int Column)>();
        while (true)
        {
            var a = Apply(first, forcedFirst);
            var b = Apply(second, forcedSecond);
            var changed = false;
            foreach (var (inFirst, inSecond) in shared)
            {
                changed |= !a.At(inFirst.Row, inFirst.Column).IsPublished && forcedSecond.Add(inSecond);
                changed |= !b.At(inSecond.Row, inSecond.Column).IsPublished && forcedFirst.Add(inFirst);
            }

            if (!changed)
            {
                return (a, b);
            }
        }
    }

    /// <summary>
    /// The grid as a bipartite graph: nodes are grid rows (0..R) and grid columns (R+1..R+C+1); an entry may carry an
    /// arc row → column (its value can go up by one in the sign-flipped system) and/or column → row (down by one).
    /// </summary>
    private sealed class Grid(int[,] values, int k)
    {
        private readonly int _rows = values.GetLength(0);
        private readonly int _columns = values.GetLength(1);

        public CountState[,] State { get; } = new CountState[values.GetLength(0), values.GetLength(1)];

        public int Value(int r, int c) => values[r, c];

        /// <summary>Hides entries until every hidden one is protected; false when that is impossible.</summary>
        public bool ProtectAll()
        {
            while (true)
            {
                var unprotected = FirstUnprotected();
                if (unprotected is not { } entry)
                {
                    return true;
                }

                var path = CheapestProtection(entry.Row, entry.Column);
                if (path is null)
                {
                    return false;
                }

                foreach (var (r, c) in path)
                {
                    State[r, c] = CountState.Complementary;
                }
            }
        }

        private (int Row, int Column)? FirstUnprotected()
        {
            for (var r = 0; r < _rows; r++)
            {
                for (var c = 0; c < _columns; c++)
                {
                    if (State[r, c] != CountState.Published && !IsProtected(r, c))
                    {
                        return (r, c);
                    }
                }
            }

            return null;
        }

        private bool IsProtected(int r, int c) =>
            (CanMove(r, c, up: true) && Reachable(ColumnNode(c), r, (r, c)))
            || (CanMove(r, c, up: false) && Reachable(r, ColumnNode(c), (r, c)));

        private int ColumnNode(int c) => _rows + c;

        /// <summary>
        /// May entry (r, c) move by +1 (<paramref name="up"/>) or -1 in the sign-flipped system and keep within what its
        /// mark tells a reader? Margins (not the corner) have their sign flipped.
        /// </summary>
        private bool CanMove(int r, int c, bool up)
        {
            var isMargin = (r == _rows - 1) ^ (c == _columns - 1);
            var delta = (up ? 1 : -1) * (isMargin ? -1 : 1);
            var next = values[r, c] + delta;
            return State[r, c] == CountState.BelowThreshold
                ? next >= 1 && next < k
                : values[r, c] >= k && next >= k;
        }

        /// <summary>Arcs of hidden entries only: can <paramref name="to"/> be reached from <paramref name="from"/> without <paramref name="skip"/>?</summary>
        private bool Reachable(int from, int to, (int Row, int Column) skip)
        {
            var seen = new bool[_rows + _columns];
            var queue = new Queue<int>([from]);
            seen[from] = true;
            while (queue.TryDequeue(out var node))
            {
                if (node == to)
                {
                    return true;
                }

                foreach (var (next, r, c) in Arcs(node))
                {
                    if (!seen[next] && (r, c) != skip && State[r, c] != CountState.Published)
                    {
                        seen[next] = true;
                        queue.Enqueue(next);
                    }
                }
            }

            return false;
        }

        private IEnumerable<(int Next, int Row, int Column)> Arcs(int node)
        {
            if (node < _rows)
            {
                for (var c = 0; c < _columns; c++)
                {
                    if (CanMove(node, c, up: true))
                    {
                        yield return (ColumnNode(c), node, c);
                    }
                }
            }
            else
            {
                var c = node - _rows;
                for (var r = 0; r < _rows; r++)
                {
                    if (CanMove(r, c, up: false))
                    {
                        yield return (r, r, c);
                    }
                }
            }
        }

        /// <summary>
        /// The published entries to hide so that (r, c) lies on a movable cycle, choosing the smallest total of hidden
        /// values (hidden entries cost nothing). Null when no cycle exists.
        /// </summary>
        private List<(int Row, int Column)>? CheapestProtection(int r, int c)
        {
            List<(int, int)>? best = null;
            var bestCost = long.MaxValue;
            foreach (var up in new[] { true, false })
            {
                if (!CanMove(r, c, up))
                {
                    continue;
                }

                var (from, to) = up ? (ColumnNode(c), r) : (r, ColumnNode(c));
                var (cost, path) = ShortestPath(from, to, (r, c));
                if (path is not null && cost < bestCost)
                {
                    bestCost = cost;
                    best = path;
                }
            }

            return best;
        }

        private (long Cost, List<(int, int)>? Path) ShortestPath(int from, int to, (int Row, int Column) skip)
        {
            var nodes = _rows + _columns;
            var distance = Enumerable.Repeat(long.MaxValue, nodes).ToArray();
            var via = new (int Node, int Row, int Column)?[nodes];
            var queue = new PriorityQueue<int, long>();
            distance[from] = 0;
            queue.Enqueue(from, 0);
            while (queue.TryDequeue(out var node, out var d))
            {
                if (d > distance[node])
                {
                    continue;
                }

                if (node == to)
                {
                    break;
                }

                foreach (var (next, r, c) in Arcs(node))
                {
                    if ((r, c) == skip)
                    {
                        continue;
                    }

                    // Hiding a published count costs its size (plus one, so fewer entries win among zeros of cost).
                    var step = State[r, c] == CountState.Published ? values[r, c] + 1L : 0L;
                    if (d + step < distance[next])
                    {
                        distance[next] = d + step;
                        via[next] = (node, r, c);
                        queue.Enqueue(next, d + step);
                    }
                }
            }

            if (distance[to] == long.MaxValue)
            {
                return (long.MaxValue, null);
            }

            var path = new List<(int, int)>();
            for (var node = to; via[node] is { } step; node = step.Node)
            {
                if (State[step.Row, step.Column] == CountState.Published)
                {
                    path.Add((step.Row, step.Column));
                }

                if (step.Node == from)
                {
                    break;
                }
            }

            return (distance[to], path);
        }
    }
}
