using System.Net;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpAgency.IntegrationTests.WeComChannel;

public sealed class ReplyBudgetTimerTests : IAsyncLifetime
{
    // A budget no other timer of the host has, so its timers can be told apart.
    private const int BudgetMilliseconds = 2_345;

    private readonly CountingTimeProvider _clock = new(TimeSpan.FromMilliseconds(BudgetMilliseconds));
    private FakeWeComServer _wecom = null!;
    private HelpAgencyFactory _factory = null!;
    private WeComCallbackClient _callbacks = null!;

    public async Task InitializeAsync()
    {
        _wecom = await FakeWeComServer.StartAsync();
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl, BudgetMilliseconds);
        // This host runs on a clock of its own, not the one the callbacks' timestamps follow.
        settings["WeCom:MaxTimestampSkewSeconds"] = "0";
        _factory = new HelpAgencyFactory(
            settings,
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        _callbacks = new WeComCallbackClient(_factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task A_turn_answered_within_the_budget_leaves_no_budget_timer_armed()
    {
        for (var i = 0; i < 5; i++)
        {
            var response = await _callbacks.PostAsync(WeComCallbackClient.Text("timer.user", "你好", $"CAIQ-timer-{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(await WeComCallbackClient.OpenReplyAsync(response));
        }

        // A turn already done by the time it is awaited arms none at all; one that is not disarms it as it ends.
        Assert.Equal(0, _clock.Live);
    }

    /// <summary>The system clock, counting the timers made for one due time that are not disposed yet.</summary>
    private sealed class CountingTimeProvider(TimeSpan watched) : TimeProvider
    {
        private int _live;

        public int Live => Volatile.Read(ref _live);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = System.CreateTimer(callback, state, dueTime, period);
            if (dueTime != watched)
            {
                return timer;
            }

            Interlocked.Increment(ref _live);
            return new Counted(timer, () => Interlocked.Decrement(ref _live));
        }

        private sealed class Counted(ITimer inner, Action disposed) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                inner.Dispose();
                Released();
            }

            public async ValueTask DisposeAsync()
            {
                await inner.DisposeAsync();
                Released();
            }

            private void Released()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    disposed();
                }
            }
        }
    }
}
