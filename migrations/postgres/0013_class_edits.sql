-- A planned class can be changed or rescheduled by those who run it (#17): the class log learns the action.
ALTER TABLE class_audit DROP CONSTRAINT class_audit_action_check;
ALTER TABLE class_audit ADD CONSTRAINT class_audit_action_check CHECK (action IN ('planned', 'filing_approved', 'filing_rejected',
    'opened', 'closed', 'reopened', 'cancelled', 'attendee_added', 'attendee_removed', 'roster_imported', 'edited'));
