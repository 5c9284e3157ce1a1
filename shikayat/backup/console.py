"""What the backup and restore commands share: tqdm bars for the long steps, and log lines."""

from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def bars(verbosity: int):
    """A progress factory (step, unit) → total → advance; every bar it opened is closed on the way out."""
    opened = []

    def progress(step: str, unit: str):
        def start(total: int):
            bar = tqdm(total=total, desc=step, unit=unit, disable=verbosity == 0)
            opened.append(bar)

            def advance(n: int) -> None:
                bar.update(n)
                if bar.n >= total:  # a finished step's bar is closed before the next step's lines
                    bar.close()

            if total == 0:
                bar.close()
            return advance

        return start

    try:
        yield progress
    finally:
        for bar in opened:
            bar.close()


def sayer(command, verbosity: int):
    """Step lines for the operator's terminal (the outcome also goes to the log, from operations.py)."""

    def say(line: str) -> None:
        if verbosity:
            command.stdout.write(line)

    return say
