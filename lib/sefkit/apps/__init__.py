"""The pages served in Voila (or opened in JupyterLab): thin notebooks over these modules.

    common       where the workspace is, who the person is, messages, safe callbacks, labelled widgets
    session      one council loaded in a page; saves merged with anyone else's
    assessment   the self-assessment page
    records      a form for one evidence item or action, checked as `sef validate` checks a row
    evidence     the evidence library and Annex A tracker page
    actions      the action plan page
    dashboard    the board dashboard page (read-only; its HTML is in present.dashboard)
    serve        `sef workbook` and `sef dashboard`: Voila on 127.0.0.1 with sefkit's template
"""
