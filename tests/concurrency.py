"""Run code in real threads, each with its own database connection, released at once."""

import threading
import time
from collections.abc import Callable, Iterable

from django.db import connection, connections
from django.test import Client


def run_in_parallel(function: Callable, arguments: Iterable) -> tuple[list, list]:
    """Call `function(argument)` for every argument, each in its own thread, all started
    together. Returns (results, errors), each in the order of `arguments` (None where the
    call raised, respectively returned). Every thread closes its connections."""
    arguments = list(arguments)
    results: list = [None] * len(arguments)
    errors: list = [None] * len(arguments)
    start = threading.Barrier(len(arguments))

    def run(index, argument):
        try:
            start.wait()
            results[index] = function(argument)
        except Exception as error:  # reported to the test
            errors[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def raised(errors: list) -> list:
    return [error for error in errors if error is not None]


def wait_until_blocked_on_a_lock(application_name: str, timeout: float = 60.0) -> None:
    """PostgreSQL: wait until the session named `application_name` waits for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = %s AND wait_event_type = 'Lock'",
                [application_name],
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError(f"{application_name} never waited for a lock.")


def name_this_session(application_name: str) -> None:
    """PostgreSQL: name the current thread's session, to find it in pg_stat_activity."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('application_name', %s, false)", [application_name])


def signed_in_clients(user, count: int) -> list[Client]:
    """`count` clients sharing one signed-in session (the same browser, many tabs)."""
    first = Client()
    first.force_login(user)
    cookies = {name: morsel.value for name, morsel in first.cookies.items()}
    clients = []
    for _ in range(count):
        client = Client()
        client.cookies.load(cookies)
        clients.append(client)
    return clients
