using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Tests.Areas;

public sealed class AreaChoicesTests
{
    private static List<AreaListItem> Tree(params int[] perDepth)
    {
        var items = new List<AreaListItem>();
        var id = 1;
        for (var depth = 0; depth < perDepth.Length; depth++)
        {
            for (var i = 0; i < perDepth[depth]; i++, id++)
            {
                items.Add(new AreaListItem(id, null, $"c{id}", $"area {id}", null, "level", depth, $"{id}", null, null, null, false));
            }
        }

        return items;
    }

    [Fact]
    public void A_city_of_two_thousand_blocks_offers_its_districts_and_school_districts_and_keeps_a_chosen_block()
    {
        var tree = Tree(1, 10, 80, 1909);
        var chosenBlock = tree.Last(a => a.Depth == 3).Id;

        var choices = AreaChoices.ForFilter(tree, maxDepth: 3);
        Assert.Equal(91, choices.Count);
        Assert.All(choices, a => Assert.True(a.Depth <= 2));

        var withChosen = AreaChoices.ForFilter(tree, maxDepth: 3, selected: chosenBlock);
        Assert.Equal(92, withChosen.Count);
        Assert.Contains(withChosen, a => a.Id == chosenBlock);
    }

    [Fact]
    public void A_small_tree_is_offered_down_to_the_callers_depth_and_a_huge_first_level_is_still_offered()
    {
        var small = Tree(1, 1, 3, 8, 30);
        Assert.Equal(13, AreaChoices.ForFilter(small, maxDepth: 3).Count);
        Assert.Equal(43, AreaChoices.ForFilter(small, maxDepth: int.MaxValue).Count);

        var flat = Tree(AreaChoices.Budget + 50);
        Assert.Equal(AreaChoices.Budget + 50, AreaChoices.ForFilter(flat, maxDepth: 3).Count);
    }
}
