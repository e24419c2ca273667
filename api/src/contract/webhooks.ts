/**
 * Webhooks of a contest (`/api/admin/contests/:slug/webhooks`, decision 0040): an organiser
 * registers a host site's endpoint, sees its deliveries and sends one again.
 */
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../domain/webhooks.js';
import { instant } from './common.js';

const eventSchema = z.enum(WEBHOOK_EVENTS, { error: `Sự kiện phải là một trong: ${WEBHOOK_EVENTS.join(', ')}` });

export const webhookCreateSchema = z.strictObject({
  url: z.string().trim().min(1).max(2000).meta({ description: 'Địa chỉ nhận, https:// (http:// chỉ tới 127.0.0.1/localhost khi máy chủ chạy với WEBHOOKS_ALLOW_LOOPBACK=1)' }),
  events: z
    .array(eventSchema)
    .min(1, { error: 'Cần chọn ít nhất một sự kiện' })
    .max(WEBHOOK_EVENTS.length)
    .refine((events) => new Set(events).size === events.length, { error: 'Mỗi sự kiện chỉ được nêu một lần' })
    .meta({ description: `Các sự kiện gửi tới địa chỉ này: ${WEBHOOK_EVENTS.join(', ')}; round.closed — một lần cho mỗi vòng, sau khi vòng kết thúc` }),
});

export const webhookEndpointSchema = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: instant(),
  createdBy: z.string(),
  disabledAt: instant().nullable().meta({ description: 'Bị tắt tự động sau nhiều lần gửi lỗi liên tiếp; «Gửi lại» một lần gửi sẽ bật lại' }),
  consecutiveFailures: z.number().int(),
  pending: z.number().int().meta({ description: 'Số lần gửi đang chờ' }),
});

export const webhookEndpointsSchema = z.array(webhookEndpointSchema);

export const createdWebhookSchema = z.strictObject({
  id: z.string(),
  secret: z.string().meta({ description: 'Khóa ký HMAC-SHA256: chỉ hiện lần này' }),
  endpoint: webhookEndpointSchema,
});

export const webhookDeliverySchema = z.strictObject({
  id: z.string(),
  eventId: z.string(),
  type: z.enum(WEBHOOK_EVENTS),
  createdAt: instant(),
  status: z.enum(['pending', 'delivered', 'failed']).meta({ description: 'pending: đang chờ gửi hoặc gửi lại; delivered: nơi nhận trả 2xx; failed: thôi gửi sau 24 giờ' }),
  tries: z.number().int(),
  lastTryAt: instant().nullable(),
  lastStatus: z.number().int().nullable().meta({ description: 'Mã trạng thái HTTP nơi nhận trả lần gần nhất' }),
  lastError: z.string().nullable(),
  nextTryAt: instant().nullable(),
  deliveredAt: instant().nullable(),
});

export const webhookDeliveriesSchema = z.array(webhookDeliverySchema);

export type WebhookCreateRequest = z.input<typeof webhookCreateSchema>;
export type WebhookEndpointView = z.infer<typeof webhookEndpointSchema>;
export type WebhookEndpoints = z.infer<typeof webhookEndpointsSchema>;
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;
export type WebhookDeliveries = z.infer<typeof webhookDeliveriesSchema>;
