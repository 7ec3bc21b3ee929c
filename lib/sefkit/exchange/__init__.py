"""Spreadsheets in and out: a council's own tracker into the workspace, the workspace out as Excel.

    grid        a spreadsheet's sheets as grids of cells (.xlsx and .ods read directly, .csv)
    cellvalues  a cell's value as workspace text (dates, figures, "June 23 Embedded")
    headers     which field a column heading fills (sef/import-headers.yaml, --map)
    tables      where the tables are on a sheet, and which rows are records
    importer    records checked and merged into a workspace file, all or nothing
    describe    what an import read and would change, in plain lines
    export      the workspace as an Excel workbook
"""
