export { CampaignList } from './CampaignList';
export { CampaignDetail } from './CampaignDetail';
export { useDetailRoute, parseDetailHash, campaignDetailHash } from './campaign-route';
export { CampaignStatusBadge } from './StatusBadge';
