"""Spreadsheet outputs (XlsxWriter): the KPI assessment workbooks."""
