using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Tests.Places;

public sealed class PlacesDemoDataTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Demo_places_are_added_once_and_the_hidden_one_stays_off_the_public_list()
    {
        for (var run = 0; run < 2; run++)
        {
            await App.WithScopeAsync(async sp =>
            {
                await sp.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
                return true;
            });
        }

        await App.WithDbAsync(async db =>
        {
            Assert.Equal(7, await db.Set<Place>().CountAsync());
            Assert.Equal(1, await db.Set<Place>().CountAsync(p => p.Visibility == PlaceVisibility.Hidden));
        });
        var list = await App.Browser().GetDocumentAsync("/places");
        var names = list.QuerySelectorAll(".place-list h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(6, names.Count);
        Assert.DoesNotContain(names, n => n.Contains("避難", StringComparison.Ordinal));
    }
}
