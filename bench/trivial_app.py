"""The yardstick for start-up time: a Typer app that prints one line."""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("FSGS")


if __name__ == "__main__":
    app()
