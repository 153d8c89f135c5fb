using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Places;

public sealed class PlacePhotoTests(TsunagariApp app) : AppTest(app)
{
    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Orange);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields, byte[]? photo)
    {
        var page = await client.GetDocumentAsync(formPage);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
        };
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        if (photo is not null)
        {
            content.Add(new ByteArrayContent(photo), "Photo", "photo.png");
        }

        return await client.PostAsync(action, content);
    }

    [Fact]
    public async Task An_uploaded_photo_is_resized_and_shown_with_its_description_and_a_broken_file_is_refused()
    {
        var areas = await App.SeedAreasAsync();
        await App.GrantAsync(await App.CreateUserAsync("sc@example.jp"), Roles.Coordinator, areas["east"]);
        var coordinator = await App.SignedInAsync("sc@example.jp");
        var fields = PlaceSeed.Form(areas["east-1"]);

        var broken = await PostMultipartAsync(coordinator, "/staff/places/new", "/staff/places", new(fields) { ["PhotoAlt"] = "壊れた画像" }, [1, 2, 3, 4]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        Assert.Contains("写真を読み込めませんでした", (await broken.ReadDocumentAsync()).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(0, await db.Set<Place>().CountAsync()));

        var created = await PostMultipartAsync(coordinator, "/staff/places/new", "/staff/places", new(fields) { ["PhotoAlt"] = "和室でお茶を飲む参加者" }, Png(1600, 1200));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<Place>().Select(p => p.Id).SingleAsync());

        var detail = await App.Browser().GetDocumentAsync($"/places/{id}");
        var img = detail.QuerySelector("img.place-photo")!;
        Assert.Equal("和室でお茶を飲む参加者", img.GetAttribute("alt"));
        var photo = await App.Browser().GetAsync(img.GetAttribute("src"));
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType!.MediaType);
        using var decoded = SKBitmap.Decode(await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal((800, 600), (decoded.Width, decoded.Height));
        using var api = JsonDocument.Parse(await App.Browser().GetStringAsync($"/api/v1/places/{id}"));
        Assert.Equal($"/places/{id}/photo.jpg", api.RootElement.GetProperty("photoUrl").GetString());

        // Made 非公開: the photo goes with the rest of the place.
        await App.WithDbAsync(db => db.Set<Place>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Visibility, PlaceVisibility.Hidden)));
        await App.Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>().EvictByTagAsync(PlacesSetup.CacheTag, default);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync($"/places/{id}/photo.jpg")).StatusCode);
    }
}
