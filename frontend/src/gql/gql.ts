/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query Inbox {\n    notifications(first: 20) {\n      unreadCount\n      items {\n        id\n        kind\n        title\n        body\n        link\n        read\n        createdAt\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  query PartnerOptions {\n    partners(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.PartnerOptionsDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query PendingApprovalCount {\n    pendingApprovalCount\n  }\n": typeof types.PendingApprovalCountDocument,
    "\n  query Application($id: ID!) {\n    application(id: $id) {\n      ...ApplicationFields\n    }\n  }\n": typeof types.ApplicationDocument,
    "\n  query ApplicationTokens($id: ID!, $first: Int, $after: String) {\n    application(id: $id) {\n      id\n      tokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...TokenFields\n          }\n        }\n      }\n    }\n    revoked: tokens(filter: { applicationId: $id, status: REVOKED }, first: 1) {\n      totalCount\n    }\n    active: tokens(filter: { applicationId: $id, status: ACTIVE }, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n": typeof types.ApplicationTokensDocument,
    "\n  fragment ApplicationFields on Application {\n    id\n    clientId\n    name\n    description\n    createdAt\n    partner {\n      id\n      name\n    }\n  }\n": typeof types.ApplicationFieldsFragmentDoc,
    "\n  mutation CreateApplication($input: ApplicationInput!) {\n    createApplication(input: $input) {\n      ...ApplicationFields\n    }\n  }\n": typeof types.CreateApplicationDocument,
    "\n  mutation UpdateApplication($id: ID!, $input: ApplicationInput!) {\n    updateApplication(id: $id, input: $input) {\n      ...ApplicationFields\n    }\n  }\n": typeof types.UpdateApplicationDocument,
    "\n  mutation DeleteApplication($id: ID!) {\n    deleteApplication(id: $id)\n  }\n": typeof types.DeleteApplicationDocument,
    "\n  query ApplicationOptions {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          name\n          partner {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ApplicationOptionsDocument,
    "\n  query Applications($filter: ApplicationFilter, $first: Int, $after: String, $counts: Boolean!) {\n    applications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...ApplicationFields\n          liveTokenCount @include(if: $counts)\n        }\n      }\n    }\n  }\n": typeof types.ApplicationsDocument,
    "\n  query Approvals($partnerId: ID) {\n    approvalRequests(partnerId: $partnerId) {\n      ...ApprovalRequestFields\n      partner {\n        id\n        name\n      }\n      tokenId\n      entry {\n        id\n      }\n    }\n  }\n": typeof types.ApprovalsDocument,
    "\n  mutation DecideWhitelistEntry($id: ID!, $approve: Boolean!, $comment: String) {\n    decideWhitelistEntry(id: $id, approve: $approve, comment: $comment) {\n      id\n      state\n      entry {\n        id\n        status\n      }\n    }\n  }\n": typeof types.DecideWhitelistEntryDocument,
    "\n  mutation ResendApprovalRequest($entryId: ID!) {\n    resendApprovalRequest(entryId: $entryId)\n  }\n": typeof types.ResendApprovalRequestDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actorType\n    actor\n    actorId\n    action\n    targetType\n    targetId\n    target\n    outcome\n    ip\n    userAgent\n    details\n  }\n": typeof types.AuditEventFieldsFragmentDoc,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query ApprovalRequest($link: String!) {\n    approvalRequest(link: $link) {\n      ...ApprovalRequestFields\n    }\n  }\n": typeof types.ApprovalRequestDocument,
    "\n  fragment ApprovalRequestFields on ApprovalRequest {\n    id\n    state\n    tokenName\n    roleName\n    permissions\n    cidr\n    note\n    requestedBy\n    requestedAt\n    ownerEmail\n    decidedBy\n    decidedAt\n    comment\n    expiresAt\n    canDecide\n    cannotDecideReason\n  }\n": typeof types.ApprovalRequestFieldsFragmentDoc,
    "\n  mutation DecideApproval($link: String!, $approve: Boolean!, $comment: String) {\n    decideApproval(link: $link, approve: $approve, comment: $comment) {\n      ...ApprovalRequestFields\n    }\n  }\n": typeof types.DecideApprovalDocument,
    "\n  query LoginState {\n    setupRequired\n    me {\n      id\n    }\n  }\n": typeof types.LoginStateDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation VerifyLoginCode($code: String!) {\n    verifyLoginCode(code: $code) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n": typeof types.VerifyLoginCodeDocument,
    "\n  query SetupRequired {\n    setupRequired\n  }\n": typeof types.SetupRequiredDocument,
    "\n  mutation Setup($email: String!, $name: String!, $password: String!) {\n    setup(email: $email, name: $name, password: $password) {\n      id\n    }\n  }\n": typeof types.SetupDocument,
    "\n  query ApiLibrary {\n    apiLibrary {\n      key\n      name\n      description\n      ...ModuleDocsFields\n    }\n  }\n": typeof types.ApiLibraryDocument,
    "\n  query LibraryTokens {\n    tokens(filter: { status: ACTIVE }, first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n          role {\n            id\n            name\n            permissions\n            allPermissions\n          }\n        }\n      }\n    }\n  }\n": typeof types.LibraryTokensDocument,
    "\n  fragment ModuleDocsFields on Module {\n    baseUrl\n    examples {\n      title\n      method\n      path\n      description\n      body\n      action\n    }\n  }\n": typeof types.ModuleDocsFieldsFragmentDoc,
    "\n  query AppInfo {\n    appInfo {\n      baseUrl\n      version\n    }\n  }\n": typeof types.AppInfoDocument,
    "\n  query Dashboard {\n    dashboard {\n      expiringTokens(first: 5) {\n        windowDays\n        totalCount\n        tokens {\n          ...TokenFields\n        }\n      }\n      pendingApprovals(first: 5) {\n        totalCount\n        requests {\n          ...ApprovalRequestFields\n          tokenId\n        }\n      }\n      refusedLast24h {\n        reason\n        count\n      }\n      openTokens(first: 5) {\n        totalCount\n        totalCountExact\n        tokens {\n          ...TokenFields\n        }\n      }\n      usage(days: 14) {\n        day\n        ok\n        refused\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query Modules {\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n      ...ModuleDocsFields\n    }\n  }\n": typeof types.ModulesDocument,
    "\n  mutation CreateModule($input: ModuleInput!) {\n    createModule(input: $input) {\n      key\n    }\n  }\n": typeof types.CreateModuleDocument,
    "\n  mutation UpdateModule($key: String!, $input: ModuleInput!) {\n    updateModule(key: $key, input: $input) {\n      key\n      name\n      description\n      actions\n      ...ModuleDocsFields\n    }\n  }\n": typeof types.UpdateModuleDocument,
    "\n  mutation DeleteModule($key: String!) {\n    deleteModule(key: $key)\n  }\n": typeof types.DeleteModuleDocument,
    "\n  fragment PartnerFields on Partner {\n    id\n    name\n    businessOwnerEmails\n    createdAt\n  }\n": typeof types.PartnerFieldsFragmentDoc,
    "\n  query Partners($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...PartnerFields\n        }\n      }\n    }\n  }\n": typeof types.PartnersDocument,
    "\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n": typeof types.CreatePartnerDocument,
    "\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n": typeof types.UpdatePartnerDocument,
    "\n  mutation DeletePartner($id: ID!) {\n    deletePartner(id: $id)\n  }\n": typeof types.DeletePartnerDocument,
    "\n  query RoleEdit($id: ID!, $withRole: Boolean!) {\n    role(id: $id) @include(if: $withRole) {\n      ...RoleFields\n    }\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n    }\n  }\n": typeof types.RoleEditDocument,
    "\n  mutation CreateRole($input: RoleInput!) {\n    createRole(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateRoleDocument,
    "\n  mutation UpdateRole($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n": typeof types.UpdateRoleDocument,
    "\n  mutation DeleteRole($id: ID!) {\n    deleteRole(id: $id)\n  }\n": typeof types.DeleteRoleDocument,
    "\n  query Roles {\n    roles {\n      ...RoleFields\n    }\n  }\n": typeof types.RolesDocument,
    "\n  fragment RoleFields on Role {\n    id\n    name\n    description\n    builtin\n    allPermissions\n    permissions\n    userCount\n  }\n": typeof types.RoleFieldsFragmentDoc,
    "\n  fragment SettingsFields on Settings {\n    businessOwnerEmails\n    whitelistApproval\n    requireWhitelist\n    maxTokenLifetimeDays\n    reminderWindowDays\n    approvalLinkLifetimeHours\n    sessionIdleTimeoutMinutes\n    sessionLifetimeHours\n    loginCodeRequired\n    auditRetentionDays\n    signInLifetimeDays\n  }\n": typeof types.SettingsFieldsFragmentDoc,
    "\n  query Settings {\n    settings {\n      ...SettingsFields\n    }\n  }\n": typeof types.SettingsDocument,
    "\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  query EmailStatus {\n    emailStatus {\n      transport\n      problems {\n        id\n        type\n        state\n        recipient\n        attempt\n        maxAttempts\n        lastError\n        createdAt\n        nextAttemptAt\n      }\n    }\n  }\n": typeof types.EmailStatusDocument,
    "\n  mutation SendTestEmail($to: String) {\n    sendTestEmail(to: $to)\n  }\n": typeof types.SendTestEmailDocument,
    "\n  mutation RetryEmail($id: ID!) {\n    retryEmail(id: $id)\n  }\n": typeof types.RetryEmailDocument,
    "\n  query Token($id: ID!) {\n    token(id: $id) {\n      ...TokenFields\n      usage(days: 30) {\n        day\n        ok\n        refused\n      }\n      lastRefusal {\n        at\n        reason\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n": typeof types.TokenDocument,
    "\n  fragment TokenFields on Token {\n    id\n    name\n    hint\n    status\n    expiresAt\n    expiryReminders\n    lastUsedAt\n    lastUsedIp\n    useCount\n    createdAt\n    createdBy\n    updatedAt\n    revokedAt\n    revokedBy\n    previousSecretExpiresAt\n    application {\n      id\n      name\n      clientId\n    }\n    partner {\n      id\n      name\n    }\n    role {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    whitelist {\n      id\n      cidr\n      status\n      note\n      requestedBy\n      decidedBy\n      decidedAt\n      createdAt\n      approvers\n    }\n  }\n": typeof types.TokenFieldsFragmentDoc,
    "\n  query TokenFormOptions {\n    roles {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      maxGraceHours\n      reminderWindowDays\n    }\n  }\n": typeof types.TokenFormOptionsDocument,
    "\n  mutation CreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n": typeof types.CreateTokenDocument,
    "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      ...TokenFields\n    }\n  }\n": typeof types.UpdateTokenDocument,
    "\n  mutation RegenerateToken($id: ID!, $hours: Int) {\n    regenerateToken(id: $id, oldSecretValidForHours: $hours) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n": typeof types.RegenerateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      ...TokenFields\n    }\n  }\n": typeof types.RevokeTokenDocument,
    "\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id)\n  }\n": typeof types.DeleteTokenDocument,
    "\n  mutation AddWhitelistEntry($tokenId: ID!, $cidr: String!, $note: String) {\n    addWhitelistEntry(tokenId: $tokenId, cidr: $cidr, note: $note) {\n      id\n      cidr\n      status\n    }\n  }\n": typeof types.AddWhitelistEntryDocument,
    "\n  mutation RemoveWhitelistEntry($id: ID!) {\n    removeWhitelistEntry(id: $id)\n  }\n": typeof types.RemoveWhitelistEntryDocument,
    "\n  mutation RenewToken($id: ID!, $days: Int!) {\n    renewToken(id: $id, days: $days) {\n      ...TokenFields\n    }\n  }\n": typeof types.RenewTokenDocument,
    "\n  query Tokens($filter: TokenFilter, $first: Int, $after: String, $orderBy: TokenOrder) {\n    tokens(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n  }\n": typeof types.TokensDocument,
    "\n  mutation RevokeTokens($ids: [ID!]!) {\n    revokeTokens(ids: $ids) {\n      ...TokenFields\n    }\n  }\n": typeof types.RevokeTokensDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    active\n    loginCodeRequired\n    createdAt\n    lastLoginAt\n    role {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n    partner {\n      id\n      name\n    }\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  query Users($filter: UserFilter, $first: Int, $after: String) {\n    users(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query RoleOptions {\n    roles {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n  }\n": typeof types.RoleOptionsDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": typeof types.DeleteUserDocument,
    "\n  query Me {\n    setupRequired\n    me {\n      id\n      email\n      name\n      role {\n        id\n        name\n        permissions\n        allPermissions\n      }\n      partner {\n        id\n        name\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": typeof types.PageInfoFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n": types.ChangePasswordDocument,
    "\n  query Inbox {\n    notifications(first: 20) {\n      unreadCount\n      items {\n        id\n        kind\n        title\n        body\n        link\n        read\n        createdAt\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n": types.MarkNotificationsReadDocument,
    "\n  query PartnerOptions {\n    partners(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.PartnerOptionsDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query PendingApprovalCount {\n    pendingApprovalCount\n  }\n": types.PendingApprovalCountDocument,
    "\n  query Application($id: ID!) {\n    application(id: $id) {\n      ...ApplicationFields\n    }\n  }\n": types.ApplicationDocument,
    "\n  query ApplicationTokens($id: ID!, $first: Int, $after: String) {\n    application(id: $id) {\n      id\n      tokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...TokenFields\n          }\n        }\n      }\n    }\n    revoked: tokens(filter: { applicationId: $id, status: REVOKED }, first: 1) {\n      totalCount\n    }\n    active: tokens(filter: { applicationId: $id, status: ACTIVE }, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n": types.ApplicationTokensDocument,
    "\n  fragment ApplicationFields on Application {\n    id\n    clientId\n    name\n    description\n    createdAt\n    partner {\n      id\n      name\n    }\n  }\n": types.ApplicationFieldsFragmentDoc,
    "\n  mutation CreateApplication($input: ApplicationInput!) {\n    createApplication(input: $input) {\n      ...ApplicationFields\n    }\n  }\n": types.CreateApplicationDocument,
    "\n  mutation UpdateApplication($id: ID!, $input: ApplicationInput!) {\n    updateApplication(id: $id, input: $input) {\n      ...ApplicationFields\n    }\n  }\n": types.UpdateApplicationDocument,
    "\n  mutation DeleteApplication($id: ID!) {\n    deleteApplication(id: $id)\n  }\n": types.DeleteApplicationDocument,
    "\n  query ApplicationOptions {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          name\n          partner {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ApplicationOptionsDocument,
    "\n  query Applications($filter: ApplicationFilter, $first: Int, $after: String, $counts: Boolean!) {\n    applications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...ApplicationFields\n          liveTokenCount @include(if: $counts)\n        }\n      }\n    }\n  }\n": types.ApplicationsDocument,
    "\n  query Approvals($partnerId: ID) {\n    approvalRequests(partnerId: $partnerId) {\n      ...ApprovalRequestFields\n      partner {\n        id\n        name\n      }\n      tokenId\n      entry {\n        id\n      }\n    }\n  }\n": types.ApprovalsDocument,
    "\n  mutation DecideWhitelistEntry($id: ID!, $approve: Boolean!, $comment: String) {\n    decideWhitelistEntry(id: $id, approve: $approve, comment: $comment) {\n      id\n      state\n      entry {\n        id\n        status\n      }\n    }\n  }\n": types.DecideWhitelistEntryDocument,
    "\n  mutation ResendApprovalRequest($entryId: ID!) {\n    resendApprovalRequest(entryId: $entryId)\n  }\n": types.ResendApprovalRequestDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actorType\n    actor\n    actorId\n    action\n    targetType\n    targetId\n    target\n    outcome\n    ip\n    userAgent\n    details\n  }\n": types.AuditEventFieldsFragmentDoc,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query ApprovalRequest($link: String!) {\n    approvalRequest(link: $link) {\n      ...ApprovalRequestFields\n    }\n  }\n": types.ApprovalRequestDocument,
    "\n  fragment ApprovalRequestFields on ApprovalRequest {\n    id\n    state\n    tokenName\n    roleName\n    permissions\n    cidr\n    note\n    requestedBy\n    requestedAt\n    ownerEmail\n    decidedBy\n    decidedAt\n    comment\n    expiresAt\n    canDecide\n    cannotDecideReason\n  }\n": types.ApprovalRequestFieldsFragmentDoc,
    "\n  mutation DecideApproval($link: String!, $approve: Boolean!, $comment: String) {\n    decideApproval(link: $link, approve: $approve, comment: $comment) {\n      ...ApprovalRequestFields\n    }\n  }\n": types.DecideApprovalDocument,
    "\n  query LoginState {\n    setupRequired\n    me {\n      id\n    }\n  }\n": types.LoginStateDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation VerifyLoginCode($code: String!) {\n    verifyLoginCode(code: $code) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n": types.VerifyLoginCodeDocument,
    "\n  query SetupRequired {\n    setupRequired\n  }\n": types.SetupRequiredDocument,
    "\n  mutation Setup($email: String!, $name: String!, $password: String!) {\n    setup(email: $email, name: $name, password: $password) {\n      id\n    }\n  }\n": types.SetupDocument,
    "\n  query ApiLibrary {\n    apiLibrary {\n      key\n      name\n      description\n      ...ModuleDocsFields\n    }\n  }\n": types.ApiLibraryDocument,
    "\n  query LibraryTokens {\n    tokens(filter: { status: ACTIVE }, first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n          role {\n            id\n            name\n            permissions\n            allPermissions\n          }\n        }\n      }\n    }\n  }\n": types.LibraryTokensDocument,
    "\n  fragment ModuleDocsFields on Module {\n    baseUrl\n    examples {\n      title\n      method\n      path\n      description\n      body\n      action\n    }\n  }\n": types.ModuleDocsFieldsFragmentDoc,
    "\n  query AppInfo {\n    appInfo {\n      baseUrl\n      version\n    }\n  }\n": types.AppInfoDocument,
    "\n  query Dashboard {\n    dashboard {\n      expiringTokens(first: 5) {\n        windowDays\n        totalCount\n        tokens {\n          ...TokenFields\n        }\n      }\n      pendingApprovals(first: 5) {\n        totalCount\n        requests {\n          ...ApprovalRequestFields\n          tokenId\n        }\n      }\n      refusedLast24h {\n        reason\n        count\n      }\n      openTokens(first: 5) {\n        totalCount\n        totalCountExact\n        tokens {\n          ...TokenFields\n        }\n      }\n      usage(days: 14) {\n        day\n        ok\n        refused\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  query Modules {\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n      ...ModuleDocsFields\n    }\n  }\n": types.ModulesDocument,
    "\n  mutation CreateModule($input: ModuleInput!) {\n    createModule(input: $input) {\n      key\n    }\n  }\n": types.CreateModuleDocument,
    "\n  mutation UpdateModule($key: String!, $input: ModuleInput!) {\n    updateModule(key: $key, input: $input) {\n      key\n      name\n      description\n      actions\n      ...ModuleDocsFields\n    }\n  }\n": types.UpdateModuleDocument,
    "\n  mutation DeleteModule($key: String!) {\n    deleteModule(key: $key)\n  }\n": types.DeleteModuleDocument,
    "\n  fragment PartnerFields on Partner {\n    id\n    name\n    businessOwnerEmails\n    createdAt\n  }\n": types.PartnerFieldsFragmentDoc,
    "\n  query Partners($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...PartnerFields\n        }\n      }\n    }\n  }\n": types.PartnersDocument,
    "\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n": types.CreatePartnerDocument,
    "\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n": types.UpdatePartnerDocument,
    "\n  mutation DeletePartner($id: ID!) {\n    deletePartner(id: $id)\n  }\n": types.DeletePartnerDocument,
    "\n  query RoleEdit($id: ID!, $withRole: Boolean!) {\n    role(id: $id) @include(if: $withRole) {\n      ...RoleFields\n    }\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n    }\n  }\n": types.RoleEditDocument,
    "\n  mutation CreateRole($input: RoleInput!) {\n    createRole(input: $input) {\n      id\n    }\n  }\n": types.CreateRoleDocument,
    "\n  mutation UpdateRole($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n": types.UpdateRoleDocument,
    "\n  mutation DeleteRole($id: ID!) {\n    deleteRole(id: $id)\n  }\n": types.DeleteRoleDocument,
    "\n  query Roles {\n    roles {\n      ...RoleFields\n    }\n  }\n": types.RolesDocument,
    "\n  fragment RoleFields on Role {\n    id\n    name\n    description\n    builtin\n    allPermissions\n    permissions\n    userCount\n  }\n": types.RoleFieldsFragmentDoc,
    "\n  fragment SettingsFields on Settings {\n    businessOwnerEmails\n    whitelistApproval\n    requireWhitelist\n    maxTokenLifetimeDays\n    reminderWindowDays\n    approvalLinkLifetimeHours\n    sessionIdleTimeoutMinutes\n    sessionLifetimeHours\n    loginCodeRequired\n    auditRetentionDays\n    signInLifetimeDays\n  }\n": types.SettingsFieldsFragmentDoc,
    "\n  query Settings {\n    settings {\n      ...SettingsFields\n    }\n  }\n": types.SettingsDocument,
    "\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n": types.UpdateSettingsDocument,
    "\n  query EmailStatus {\n    emailStatus {\n      transport\n      problems {\n        id\n        type\n        state\n        recipient\n        attempt\n        maxAttempts\n        lastError\n        createdAt\n        nextAttemptAt\n      }\n    }\n  }\n": types.EmailStatusDocument,
    "\n  mutation SendTestEmail($to: String) {\n    sendTestEmail(to: $to)\n  }\n": types.SendTestEmailDocument,
    "\n  mutation RetryEmail($id: ID!) {\n    retryEmail(id: $id)\n  }\n": types.RetryEmailDocument,
    "\n  query Token($id: ID!) {\n    token(id: $id) {\n      ...TokenFields\n      usage(days: 30) {\n        day\n        ok\n        refused\n      }\n      lastRefusal {\n        at\n        reason\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n": types.TokenDocument,
    "\n  fragment TokenFields on Token {\n    id\n    name\n    hint\n    status\n    expiresAt\n    expiryReminders\n    lastUsedAt\n    lastUsedIp\n    useCount\n    createdAt\n    createdBy\n    updatedAt\n    revokedAt\n    revokedBy\n    previousSecretExpiresAt\n    application {\n      id\n      name\n      clientId\n    }\n    partner {\n      id\n      name\n    }\n    role {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    whitelist {\n      id\n      cidr\n      status\n      note\n      requestedBy\n      decidedBy\n      decidedAt\n      createdAt\n      approvers\n    }\n  }\n": types.TokenFieldsFragmentDoc,
    "\n  query TokenFormOptions {\n    roles {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      maxGraceHours\n      reminderWindowDays\n    }\n  }\n": types.TokenFormOptionsDocument,
    "\n  mutation CreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n": types.CreateTokenDocument,
    "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      ...TokenFields\n    }\n  }\n": types.UpdateTokenDocument,
    "\n  mutation RegenerateToken($id: ID!, $hours: Int) {\n    regenerateToken(id: $id, oldSecretValidForHours: $hours) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n": types.RegenerateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      ...TokenFields\n    }\n  }\n": types.RevokeTokenDocument,
    "\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id)\n  }\n": types.DeleteTokenDocument,
    "\n  mutation AddWhitelistEntry($tokenId: ID!, $cidr: String!, $note: String) {\n    addWhitelistEntry(tokenId: $tokenId, cidr: $cidr, note: $note) {\n      id\n      cidr\n      status\n    }\n  }\n": types.AddWhitelistEntryDocument,
    "\n  mutation RemoveWhitelistEntry($id: ID!) {\n    removeWhitelistEntry(id: $id)\n  }\n": types.RemoveWhitelistEntryDocument,
    "\n  mutation RenewToken($id: ID!, $days: Int!) {\n    renewToken(id: $id, days: $days) {\n      ...TokenFields\n    }\n  }\n": types.RenewTokenDocument,
    "\n  query Tokens($filter: TokenFilter, $first: Int, $after: String, $orderBy: TokenOrder) {\n    tokens(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n  }\n": types.TokensDocument,
    "\n  mutation RevokeTokens($ids: [ID!]!) {\n    revokeTokens(ids: $ids) {\n      ...TokenFields\n    }\n  }\n": types.RevokeTokensDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    active\n    loginCodeRequired\n    createdAt\n    lastLoginAt\n    role {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n    partner {\n      id\n      name\n    }\n  }\n": types.UserFieldsFragmentDoc,
    "\n  query Users($filter: UserFilter, $first: Int, $after: String) {\n    users(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  query RoleOptions {\n    roles {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n  }\n": types.RoleOptionsDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n": types.UpdateUserDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": types.DeleteUserDocument,
    "\n  query Me {\n    setupRequired\n    me {\n      id\n      email\n      name\n      role {\n        id\n        name\n        permissions\n        allPermissions\n      }\n      partner {\n        id\n        name\n      }\n    }\n  }\n": types.MeDocument,
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": types.PageInfoFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox {\n    notifications(first: 20) {\n      unreadCount\n      items {\n        id\n        kind\n        title\n        body\n        link\n        read\n        createdAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox {\n    notifications(first: 20) {\n      unreadCount\n      items {\n        id\n        kind\n        title\n        body\n        link\n        read\n        createdAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n"): (typeof documents)["\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerOptions {\n    partners(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PartnerOptions {\n    partners(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingApprovalCount {\n    pendingApprovalCount\n  }\n"): (typeof documents)["\n  query PendingApprovalCount {\n    pendingApprovalCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Application($id: ID!) {\n    application(id: $id) {\n      ...ApplicationFields\n    }\n  }\n"): (typeof documents)["\n  query Application($id: ID!) {\n    application(id: $id) {\n      ...ApplicationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApplicationTokens($id: ID!, $first: Int, $after: String) {\n    application(id: $id) {\n      id\n      tokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...TokenFields\n          }\n        }\n      }\n    }\n    revoked: tokens(filter: { applicationId: $id, status: REVOKED }, first: 1) {\n      totalCount\n    }\n    active: tokens(filter: { applicationId: $id, status: ACTIVE }, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n"): (typeof documents)["\n  query ApplicationTokens($id: ID!, $first: Int, $after: String) {\n    application(id: $id) {\n      id\n      tokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...TokenFields\n          }\n        }\n      }\n    }\n    revoked: tokens(filter: { applicationId: $id, status: REVOKED }, first: 1) {\n      totalCount\n    }\n    active: tokens(filter: { applicationId: $id, status: ACTIVE }, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApplicationFields on Application {\n    id\n    clientId\n    name\n    description\n    createdAt\n    partner {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ApplicationFields on Application {\n    id\n    clientId\n    name\n    description\n    createdAt\n    partner {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApplication($input: ApplicationInput!) {\n    createApplication(input: $input) {\n      ...ApplicationFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApplication($input: ApplicationInput!) {\n    createApplication(input: $input) {\n      ...ApplicationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateApplication($id: ID!, $input: ApplicationInput!) {\n    updateApplication(id: $id, input: $input) {\n      ...ApplicationFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateApplication($id: ID!, $input: ApplicationInput!) {\n    updateApplication(id: $id, input: $input) {\n      ...ApplicationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteApplication($id: ID!) {\n    deleteApplication(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteApplication($id: ID!) {\n    deleteApplication(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApplicationOptions {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          name\n          partner {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApplicationOptions {\n    applications(first: 100) {\n      edges {\n        node {\n          id\n          name\n          partner {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Applications($filter: ApplicationFilter, $first: Int, $after: String, $counts: Boolean!) {\n    applications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...ApplicationFields\n          liveTokenCount @include(if: $counts)\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Applications($filter: ApplicationFilter, $first: Int, $after: String, $counts: Boolean!) {\n    applications(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...ApplicationFields\n          liveTokenCount @include(if: $counts)\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Approvals($partnerId: ID) {\n    approvalRequests(partnerId: $partnerId) {\n      ...ApprovalRequestFields\n      partner {\n        id\n        name\n      }\n      tokenId\n      entry {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query Approvals($partnerId: ID) {\n    approvalRequests(partnerId: $partnerId) {\n      ...ApprovalRequestFields\n      partner {\n        id\n        name\n      }\n      tokenId\n      entry {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideWhitelistEntry($id: ID!, $approve: Boolean!, $comment: String) {\n    decideWhitelistEntry(id: $id, approve: $approve, comment: $comment) {\n      id\n      state\n      entry {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DecideWhitelistEntry($id: ID!, $approve: Boolean!, $comment: String) {\n    decideWhitelistEntry(id: $id, approve: $approve, comment: $comment) {\n      id\n      state\n      entry {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendApprovalRequest($entryId: ID!) {\n    resendApprovalRequest(entryId: $entryId)\n  }\n"): (typeof documents)["\n  mutation ResendApprovalRequest($entryId: ID!) {\n    resendApprovalRequest(entryId: $entryId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actorType\n    actor\n    actorId\n    action\n    targetType\n    targetId\n    target\n    outcome\n    ip\n    userAgent\n    details\n  }\n"): (typeof documents)["\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actorType\n    actor\n    actorId\n    action\n    targetType\n    targetId\n    target\n    outcome\n    ip\n    userAgent\n    details\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApprovalRequest($link: String!) {\n    approvalRequest(link: $link) {\n      ...ApprovalRequestFields\n    }\n  }\n"): (typeof documents)["\n  query ApprovalRequest($link: String!) {\n    approvalRequest(link: $link) {\n      ...ApprovalRequestFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApprovalRequestFields on ApprovalRequest {\n    id\n    state\n    tokenName\n    roleName\n    permissions\n    cidr\n    note\n    requestedBy\n    requestedAt\n    ownerEmail\n    decidedBy\n    decidedAt\n    comment\n    expiresAt\n    canDecide\n    cannotDecideReason\n  }\n"): (typeof documents)["\n  fragment ApprovalRequestFields on ApprovalRequest {\n    id\n    state\n    tokenName\n    roleName\n    permissions\n    cidr\n    note\n    requestedBy\n    requestedAt\n    ownerEmail\n    decidedBy\n    decidedAt\n    comment\n    expiresAt\n    canDecide\n    cannotDecideReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideApproval($link: String!, $approve: Boolean!, $comment: String) {\n    decideApproval(link: $link, approve: $approve, comment: $comment) {\n      ...ApprovalRequestFields\n    }\n  }\n"): (typeof documents)["\n  mutation DecideApproval($link: String!, $approve: Boolean!, $comment: String) {\n    decideApproval(link: $link, approve: $approve, comment: $comment) {\n      ...ApprovalRequestFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoginState {\n    setupRequired\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query LoginState {\n    setupRequired\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyLoginCode($code: String!) {\n    verifyLoginCode(code: $code) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyLoginCode($code: String!) {\n    verifyLoginCode(code: $code) {\n      codeRequired\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SetupRequired {\n    setupRequired\n  }\n"): (typeof documents)["\n  query SetupRequired {\n    setupRequired\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Setup($email: String!, $name: String!, $password: String!) {\n    setup(email: $email, name: $name, password: $password) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation Setup($email: String!, $name: String!, $password: String!) {\n    setup(email: $email, name: $name, password: $password) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiLibrary {\n    apiLibrary {\n      key\n      name\n      description\n      ...ModuleDocsFields\n    }\n  }\n"): (typeof documents)["\n  query ApiLibrary {\n    apiLibrary {\n      key\n      name\n      description\n      ...ModuleDocsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibraryTokens {\n    tokens(filter: { status: ACTIVE }, first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n          role {\n            id\n            name\n            permissions\n            allPermissions\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LibraryTokens {\n    tokens(filter: { status: ACTIVE }, first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n          role {\n            id\n            name\n            permissions\n            allPermissions\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModuleDocsFields on Module {\n    baseUrl\n    examples {\n      title\n      method\n      path\n      description\n      body\n      action\n    }\n  }\n"): (typeof documents)["\n  fragment ModuleDocsFields on Module {\n    baseUrl\n    examples {\n      title\n      method\n      path\n      description\n      body\n      action\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppInfo {\n    appInfo {\n      baseUrl\n      version\n    }\n  }\n"): (typeof documents)["\n  query AppInfo {\n    appInfo {\n      baseUrl\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    dashboard {\n      expiringTokens(first: 5) {\n        windowDays\n        totalCount\n        tokens {\n          ...TokenFields\n        }\n      }\n      pendingApprovals(first: 5) {\n        totalCount\n        requests {\n          ...ApprovalRequestFields\n          tokenId\n        }\n      }\n      refusedLast24h {\n        reason\n        count\n      }\n      openTokens(first: 5) {\n        totalCount\n        totalCountExact\n        tokens {\n          ...TokenFields\n        }\n      }\n      usage(days: 14) {\n        day\n        ok\n        refused\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    dashboard {\n      expiringTokens(first: 5) {\n        windowDays\n        totalCount\n        tokens {\n          ...TokenFields\n        }\n      }\n      pendingApprovals(first: 5) {\n        totalCount\n        requests {\n          ...ApprovalRequestFields\n          tokenId\n        }\n      }\n      refusedLast24h {\n        reason\n        count\n      }\n      openTokens(first: 5) {\n        totalCount\n        totalCountExact\n        tokens {\n          ...TokenFields\n        }\n      }\n      usage(days: 14) {\n        day\n        ok\n        refused\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Modules {\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n      ...ModuleDocsFields\n    }\n  }\n"): (typeof documents)["\n  query Modules {\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n      ...ModuleDocsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateModule($input: ModuleInput!) {\n    createModule(input: $input) {\n      key\n    }\n  }\n"): (typeof documents)["\n  mutation CreateModule($input: ModuleInput!) {\n    createModule(input: $input) {\n      key\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateModule($key: String!, $input: ModuleInput!) {\n    updateModule(key: $key, input: $input) {\n      key\n      name\n      description\n      actions\n      ...ModuleDocsFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateModule($key: String!, $input: ModuleInput!) {\n    updateModule(key: $key, input: $input) {\n      key\n      name\n      description\n      actions\n      ...ModuleDocsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteModule($key: String!) {\n    deleteModule(key: $key)\n  }\n"): (typeof documents)["\n  mutation DeleteModule($key: String!) {\n    deleteModule(key: $key)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PartnerFields on Partner {\n    id\n    name\n    businessOwnerEmails\n    createdAt\n  }\n"): (typeof documents)["\n  fragment PartnerFields on Partner {\n    id\n    name\n    businessOwnerEmails\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Partners($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...PartnerFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Partners($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...PartnerFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePartner($id: ID!) {\n    deletePartner(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeletePartner($id: ID!) {\n    deletePartner(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoleEdit($id: ID!, $withRole: Boolean!) {\n    role(id: $id) @include(if: $withRole) {\n      ...RoleFields\n    }\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n    }\n  }\n"): (typeof documents)["\n  query RoleEdit($id: ID!, $withRole: Boolean!) {\n    role(id: $id) @include(if: $withRole) {\n      ...RoleFields\n    }\n    modules {\n      key\n      name\n      description\n      builtin\n      actions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRole($input: RoleInput!) {\n    createRole(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRole($input: RoleInput!) {\n    createRole(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRole($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRole($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRole($id: ID!) {\n    deleteRole(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteRole($id: ID!) {\n    deleteRole(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Roles {\n    roles {\n      ...RoleFields\n    }\n  }\n"): (typeof documents)["\n  query Roles {\n    roles {\n      ...RoleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RoleFields on Role {\n    id\n    name\n    description\n    builtin\n    allPermissions\n    permissions\n    userCount\n  }\n"): (typeof documents)["\n  fragment RoleFields on Role {\n    id\n    name\n    description\n    builtin\n    allPermissions\n    permissions\n    userCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsFields on Settings {\n    businessOwnerEmails\n    whitelistApproval\n    requireWhitelist\n    maxTokenLifetimeDays\n    reminderWindowDays\n    approvalLinkLifetimeHours\n    sessionIdleTimeoutMinutes\n    sessionLifetimeHours\n    loginCodeRequired\n    auditRetentionDays\n    signInLifetimeDays\n  }\n"): (typeof documents)["\n  fragment SettingsFields on Settings {\n    businessOwnerEmails\n    whitelistApproval\n    requireWhitelist\n    maxTokenLifetimeDays\n    reminderWindowDays\n    approvalLinkLifetimeHours\n    sessionIdleTimeoutMinutes\n    sessionLifetimeHours\n    loginCodeRequired\n    auditRetentionDays\n    signInLifetimeDays\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    settings {\n      ...SettingsFields\n    }\n  }\n"): (typeof documents)["\n  query Settings {\n    settings {\n      ...SettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailStatus {\n    emailStatus {\n      transport\n      problems {\n        id\n        type\n        state\n        recipient\n        attempt\n        maxAttempts\n        lastError\n        createdAt\n        nextAttemptAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmailStatus {\n    emailStatus {\n      transport\n      problems {\n        id\n        type\n        state\n        recipient\n        attempt\n        maxAttempts\n        lastError\n        createdAt\n        nextAttemptAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestEmail($to: String) {\n    sendTestEmail(to: $to)\n  }\n"): (typeof documents)["\n  mutation SendTestEmail($to: String) {\n    sendTestEmail(to: $to)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryEmail($id: ID!) {\n    retryEmail(id: $id)\n  }\n"): (typeof documents)["\n  mutation RetryEmail($id: ID!) {\n    retryEmail(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Token($id: ID!) {\n    token(id: $id) {\n      ...TokenFields\n      usage(days: 30) {\n        day\n        ok\n        refused\n      }\n      lastRefusal {\n        at\n        reason\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n"): (typeof documents)["\n  query Token($id: ID!) {\n    token(id: $id) {\n      ...TokenFields\n      usage(days: 30) {\n        day\n        ok\n        refused\n      }\n      lastRefusal {\n        at\n        reason\n      }\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      reminderWindowDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TokenFields on Token {\n    id\n    name\n    hint\n    status\n    expiresAt\n    expiryReminders\n    lastUsedAt\n    lastUsedIp\n    useCount\n    createdAt\n    createdBy\n    updatedAt\n    revokedAt\n    revokedBy\n    previousSecretExpiresAt\n    application {\n      id\n      name\n      clientId\n    }\n    partner {\n      id\n      name\n    }\n    role {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    whitelist {\n      id\n      cidr\n      status\n      note\n      requestedBy\n      decidedBy\n      decidedAt\n      createdAt\n      approvers\n    }\n  }\n"): (typeof documents)["\n  fragment TokenFields on Token {\n    id\n    name\n    hint\n    status\n    expiresAt\n    expiryReminders\n    lastUsedAt\n    lastUsedIp\n    useCount\n    createdAt\n    createdBy\n    updatedAt\n    revokedAt\n    revokedBy\n    previousSecretExpiresAt\n    application {\n      id\n      name\n      clientId\n    }\n    partner {\n      id\n      name\n    }\n    role {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    whitelist {\n      id\n      cidr\n      status\n      note\n      requestedBy\n      decidedBy\n      decidedAt\n      createdAt\n      approvers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenFormOptions {\n    roles {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      maxGraceHours\n      reminderWindowDays\n    }\n  }\n"): (typeof documents)["\n  query TokenFormOptions {\n    roles {\n      id\n      name\n      allPermissions\n      permissions\n      grantable\n      missingPermissions\n    }\n    tokenPolicy {\n      maxLifetimeDays\n      maxGraceHours\n      reminderWindowDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      ...TokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {\n    updateToken(id: $id, input: $input) {\n      ...TokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateToken($id: ID!, $hours: Int) {\n    regenerateToken(id: $id, oldSecretValidForHours: $hours) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RegenerateToken($id: ID!, $hours: Int) {\n    regenerateToken(id: $id, oldSecretValidForHours: $hours) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      ...TokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      ...TokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteToken($id: ID!) {\n    deleteToken(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddWhitelistEntry($tokenId: ID!, $cidr: String!, $note: String) {\n    addWhitelistEntry(tokenId: $tokenId, cidr: $cidr, note: $note) {\n      id\n      cidr\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation AddWhitelistEntry($tokenId: ID!, $cidr: String!, $note: String) {\n    addWhitelistEntry(tokenId: $tokenId, cidr: $cidr, note: $note) {\n      id\n      cidr\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveWhitelistEntry($id: ID!) {\n    removeWhitelistEntry(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveWhitelistEntry($id: ID!) {\n    removeWhitelistEntry(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewToken($id: ID!, $days: Int!) {\n    renewToken(id: $id, days: $days) {\n      ...TokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation RenewToken($id: ID!, $days: Int!) {\n    renewToken(id: $id, days: $days) {\n      ...TokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tokens($filter: TokenFilter, $first: Int, $after: String, $orderBy: TokenOrder) {\n    tokens(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tokens($filter: TokenFilter, $first: Int, $after: String, $orderBy: TokenOrder) {\n    tokens(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...TokenFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeTokens($ids: [ID!]!) {\n    revokeTokens(ids: $ids) {\n      ...TokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeTokens($ids: [ID!]!) {\n    revokeTokens(ids: $ids) {\n      ...TokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    email\n    name\n    active\n    loginCodeRequired\n    createdAt\n    lastLoginAt\n    role {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n    partner {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    email\n    name\n    active\n    loginCodeRequired\n    createdAt\n    lastLoginAt\n    role {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n    partner {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($filter: UserFilter, $first: Int, $after: String) {\n    users(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($filter: UserFilter, $first: Int, $after: String) {\n    users(filter: $filter, first: $first, after: $after) {\n      totalCount\n      totalCountExact\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoleOptions {\n    roles {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n  }\n"): (typeof documents)["\n  query RoleOptions {\n    roles {\n      id\n      name\n      grantable\n      missingPermissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    setupRequired\n    me {\n      id\n      email\n      name\n      role {\n        id\n        name\n        permissions\n        allPermissions\n      }\n      partner {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    setupRequired\n    me {\n      id\n      email\n      name\n      role {\n        id\n        name\n        permissions\n        allPermissions\n      }\n      partner {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;