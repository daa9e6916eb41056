"""Files a user takes away: image export, the deck, the workbook, the YAML
writer, the text report, PDF metadata and the app's downloads."""
