import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Badge, Button, Code, Group, Loader, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ApprovalState } from '../../gql/graphql';
import { formatDateTime } from '../../lib/dates';
import { formErrors } from '../../lib/errors';
import { oneLine, sentence } from '../../lib/text';
import { AuthLayout } from './AuthLayout';

const ApprovalRequestDocument = graphql(`
  query ApprovalRequest($link: String!) {
    approvalRequest(link: $link) {
      ...ApprovalRequestFields
    }
  }
`);

graphql(`
  fragment ApprovalRequestFields on ApprovalRequest {
    id
    state
    tokenName
    roleName
    permissions
    cidr
    note
    requestedBy
    requestedAt
    ownerEmail
    decidedBy
    decidedAt
    comment
    expiresAt
    canDecide
    cannotDecideReason
  }
`);

const DecideApprovalDocument = graphql(`
  mutation DecideApproval($link: String!, $approve: Boolean!, $comment: String) {
    decideApproval(link: $link, approve: $approve, comment: $comment) {
      ...ApprovalRequestFields
    }
  }
`);

const stateColor: Record<ApprovalState, string> = {
  PENDING: 'yellow',
  APPROVED: 'green',
  REJECTED: 'red',
  EXPIRED: 'gray',
  CANCELLED: 'gray',
};

/**
 * The public page an approval email links to. Opening it decides nothing (mail scanners open
 * links): the Business Owner reads the request and presses Approve or Reject.
 */
export default function ApprovePage() {
  const { link = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: ApprovalRequestDocument, variables: { link }, requestPolicy: 'network-only' });
  const [decision, decide] = useMutation(DecideApprovalDocument);
  const [comment, setComment] = useState('');
  const errors = formErrors(decision.error);

  if (fetching && !data) {
    return (
      <AuthLayout title="Approval request">
        <Loader />
      </AuthLayout>
    );
  }
  const req = decision.data?.decideApproval ?? data?.approvalRequest;
  if (error || !req) {
    return (
      <AuthLayout title="This link does not work">
        <Text>
          {error ? formErrors(error).message : 'The approval link is not valid. Check that you opened the whole address from the email.'}
        </Text>
      </AuthLayout>
    );
  }

  const perms = req.permissions;
  return (
    <AuthLayout title={req.state === 'PENDING' ? `Approve ${req.cidr}?` : `Request for ${req.cidr}`} subtitle={<>{req.requestedBy} asks that the API token <strong>{req.tokenName}</strong> may be used from this address.</>}>
      <Stack>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Sent to {req.ownerEmail}
          </Text>
          <Badge color={stateColor[req.state]} variant="light">
            {req.state.toLowerCase()}
          </Badge>
        </Group>
        <Table withRowBorders={false} verticalSpacing={4} fz="sm">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={130}>IP or range</Table.Th>
              <Table.Td>
                <Code>{req.cidr}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Token</Table.Th>
              <Table.Td>{req.tokenName}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Td>{req.roleName ?? 'deleted'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Permissions</Table.Th>
              <Table.Td>{perms.length ? perms.join(', ') : 'none'}</Table.Td>
            </Table.Tr>
            {req.note && (
              <Table.Tr>
                <Table.Th>Note</Table.Th>
                <Table.Td>{req.note}</Table.Td>
              </Table.Tr>
            )}
            <Table.Tr>
              <Table.Th>Asked by</Table.Th>
              <Table.Td>
                {req.requestedBy}, {formatDateTime(req.requestedAt)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>

        {req.state === 'PENDING' && !req.canDecide ? (
          <Alert color="gray" title="You cannot decide this request">
            {sentence(req.cannotDecideReason ?? 'ask the person who sent it')}
          </Alert>
        ) : req.state === 'PENDING' ? (
          <>
            {errors.message || errors.fields.link ? (
              <Alert color="red" role="alert">
                {errors.message ?? errors.fields.link}
              </Alert>
            ) : null}
            <Textarea
              label="Comment (optional)"
              description="The requester sees it with your decision."
              value={comment}
              onChange={(e) => setComment(oneLine(e.currentTarget.value))}
              onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
              error={errors.fields.comment}
              autosize
              minRows={2}
              maxLength={1000}
            />
            <Group grow>
              <Button color="red" variant="light" leftSection={<IconX size={16} />} loading={decision.fetching} onClick={() => decide({ link, approve: false, comment })}>
                Reject
              </Button>
              <Button color="green" leftSection={<IconCheck size={16} />} loading={decision.fetching} onClick={() => decide({ link, approve: true, comment })}>
                Approve
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              This link works once and expires {formatDateTime(req.expiresAt)}.
            </Text>
          </>
        ) : (
          <Alert color={stateColor[req.state]} role="status" title={closedTitle(req.state)}>
            {req.decidedBy && req.decidedAt ? (
              <>
                {req.state === 'APPROVED' ? 'Approved' : 'Rejected'} by {req.decidedBy} on {formatDateTime(req.decidedAt)}.
                {req.comment ? ` “${req.comment}”` : ''}
              </>
            ) : req.state === 'EXPIRED' ? (
              <>This link expired on {formatDateTime(req.expiresAt)}. Ask the requester to send the request again.</>
            ) : (
              <>The requester withdrew this request: there is nothing to decide.</>
            )}
          </Alert>
        )}
      </Stack>
    </AuthLayout>
  );
}

function closedTitle(state: ApprovalState): string {
  switch (state) {
    case 'APPROVED':
      return 'Approved';
    case 'REJECTED':
      return 'Rejected';
    case 'EXPIRED':
      return 'Link expired';
    default:
      return 'Withdrawn';
  }
}
