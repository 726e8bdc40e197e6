from domain.throttle import Throttle


def test_free_failures_then_doubling_delays_up_to_a_ceiling():
    throttle = Throttle(free_failures=2, base_delay=0.5, max_delay=4)
    delays = []
    for second in range(7):
        delays.append(throttle.delay("ip", now=second))
        throttle.failed("ip", now=second)
    assert delays == [0, 0, 0, 0.5, 1, 2, 4]


def test_keys_are_independent_and_a_success_forgets():
    throttle = Throttle(free_failures=0, base_delay=1)
    throttle.failed("a", now=0)
    assert throttle.delay("a", now=1) == 1
    assert throttle.delay("b", now=1) == 0
    throttle.succeeded("a")
    assert throttle.delay("a", now=2) == 0


def test_a_quiet_period_forgets():
    throttle = Throttle(free_failures=0, base_delay=1, forget_after=60)
    throttle.failed("a", now=0)
    assert throttle.delay("a", now=30) == 1
    assert throttle.delay("a", now=100) == 0


def test_memory_is_bounded():
    throttle = Throttle(max_keys=10)
    for i in range(50):
        throttle.failed(f"k{i}", now=i)
    assert len(throttle._failures) <= 10
    assert throttle.delay("k49", now=50) >= 0
