"""What every stage uses: problems for editors, dates and text, the build cache, workers on
every core, files written whole, timings. Nothing here knows about posts or pages."""
