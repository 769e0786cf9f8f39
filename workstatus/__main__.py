from workstatus.cli import main

if __name__ == "__main__":  # a Dask worker process started by spawn imports this module again: it must not run the CLI
    main()
