-- The Phiếu báo and escalations queued before cases were kept join one case per unit and document,
-- so that a unit late across the upgrade is numbered on from the last notice it had and a case
-- already reported to the Chairman is not reported again. The case is late since the day after
-- the deadline its notices were anchored at (their period), else since the first was decided; a
-- case none of whose tasks is open any more is closed by the next run.
INSERT INTO urging_cases (unit_key, document_id, round, opened_on)
SELECT unit_key, document_id, 1,
       COALESCE(date(MIN(period), '+1 day'), substr(MIN(decided_at), 1, 10))
FROM notices
WHERE case_id IS NULL AND document_id IS NOT NULL
  AND ((kind = 'notice' AND sequence IS NOT NULL) OR kind = 'escalation')
GROUP BY unit_key, document_id;

UPDATE notices SET case_id = (
    SELECT c.id FROM urging_cases c
    WHERE c.unit_key = notices.unit_key AND c.document_id = notices.document_id AND c.round = 1
)
WHERE case_id IS NULL AND document_id IS NOT NULL
  AND ((kind = 'notice' AND sequence IS NOT NULL) OR kind = 'escalation');
