-- Reports (Appendices I, IV, V) read the documents issued in a period: by issue day.
CREATE INDEX documents_by_issue_day ON documents (issued_on);
