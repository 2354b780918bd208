import { graphql } from '../../gql';

graphql(`
  fragment SettingsFields on Settings {
    businessOwnerEmails
    whitelistApproval
    requireWhitelist
    maxTokenLifetimeDays
    reminderWindowDays
    approvalLinkLifetimeHours
    sessionIdleTimeoutMinutes
    sessionLifetimeHours
    loginCodeRequired
    auditRetentionDays
    signInLifetimeDays
  }
`);

export const SettingsDocument = graphql(`
  query Settings {
    settings {
      ...SettingsFields
    }
  }
`);

export const UpdateSettingsDocument = graphql(`
  mutation UpdateSettings($input: SettingsInput!) {
    updateSettings(input: $input) {
      ...SettingsFields
    }
  }
`);

export const EmailStatusDocument = graphql(`
  query EmailStatus {
    emailStatus {
      transport
      problems {
        id
        type
        state
        recipient
        attempt
        maxAttempts
        lastError
        createdAt
        nextAttemptAt
      }
    }
  }
`);

export const SendTestEmailDocument = graphql(`
  mutation SendTestEmail($to: String) {
    sendTestEmail(to: $to)
  }
`);

export const RetryEmailDocument = graphql(`
  mutation RetryEmail($id: ID!) {
    retryEmail(id: $id)
  }
`);
