using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using OneWindow.Identity.Features.Staff;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static OneWindow.BrowserTests.Infrastructure.Citizens;

namespace OneWindow.BrowserTests;

/// <summary>
/// Booking a hall appointment (预约办理) in Chromium with the keyboard: from the passport guide to a booking code and a
/// cancel, then the window's day list; axe (no serious or critical violation) on every page and no sideways
/// scrolling at 360 px, in both languages. The demo halls have slots on the next 10 weekdays.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class HallsJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(IdentityJourneyTests.LanguagesAndWidths), MemberType = typeof(IdentityJourneyTests))]
    public async Task A_citizen_books_and_cancels_with_the_keyboard_and_the_window_sees_the_day(string lang, int width)
    {
        var citizen = await RegisterByApiAsync(fixture);
        await using var context = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768, bypassCsp: true);
        var page = await context.NewPageAsync();

        Task CheckAsync(string what) => PageChecks.AssertAccessibleAndFitsAsync(page, $"{what} ({lang}, {width}px)", width, output);

        async Task SubmitWithKeyboardAsync(ILocator button)
        {
            await button.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
        }

        await page.GotoAsync("/halls");
        await Expect(page.Locator("#hall-1")).ToBeVisibleAsync();
        await CheckAsync("/halls");

        await page.GotoAsync("/signin");
        await TypeAsync(page.Locator("#idNumber"), citizen.IdNumber);
        await TypeAsync(page.Locator("#password"), citizen.Password);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/account");

        await page.GotoAsync($"/items/{fixture.PassportItemId}");
        await SubmitWithKeyboardAsync(page.Locator("a[href^='/appointments/new']"));
        await Arrival.ContainingAsync(page, "/appointments/new");
        await CheckAsync("/appointments/new (halls)");

        await page.Locator("input[name=hall]").First.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await SubmitWithKeyboardAsync(page.Locator("fieldset#hall + button"));
        await Expect(page.Locator("fieldset#date input[name=date]").First).ToBeVisibleAsync();
        await CheckAsync("/appointments/new (days)");

        await page.Locator("fieldset#date input[name=date]").First.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await SubmitWithKeyboardAsync(page.Locator("fieldset#date + button"));
        await Expect(page.Locator("input[name=SlotId]").First).ToBeVisibleAsync();
        await CheckAsync("/appointments/new (times)");

        // Booking without a time: the summary at the top, the message beside the times.
        await SubmitWithKeyboardAsync(page.Locator("#booking-form button[type=submit]"));
        await Expect(page.Locator("#slotId-error")).ToBeVisibleAsync();
        await Expect(page.Locator(".error-summary a[href='#slotId']")).ToBeVisibleAsync();
        await CheckAsync("/appointments/new (error)");

        await page.Locator("input[name=SlotId]").First.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await SubmitWithKeyboardAsync(page.Locator("#booking-form button[type=submit]"));
        await Arrival.ContainingAsync(page, "/account/appointments?booked=");
        var code = await page.Locator("#booking-code").InnerTextAsync();
        Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$", code.Trim());
        await CheckAsync("/account/appointments (booked)");

        await SubmitWithKeyboardAsync(page.Locator("form[action*='handler=Cancel'] button").First);
        await Arrival.ContainingAsync(page, "done=cancelled");
        await CheckAsync("/account/appointments (cancelled)");

        await using var staffContext = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768, bypassCsp: true);
        var staff = await staffContext.NewPageAsync();
        page = staff;
        await staff.GotoAsync("/staff/signin");
        await TypeAsync(staff.Locator("#userName"), "supervisor");
        await TypeAsync(staff.Locator("#password"), DemoStaff.Password);
        await staff.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(staff, "/admin");
        await staff.GotoAsync("/admin/halls");
        await Expect(staff.Locator("#periods")).ToBeVisibleAsync();
        await CheckAsync("/admin/halls");
    }
}
