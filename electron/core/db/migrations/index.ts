import type { Migration } from './types';
import { migration0001 } from './0001_settings';
import { migration0002 } from './0002_contacts';
import { migration0003 } from './0003_campaigns';
import { migration0004 } from './0004_engine';
import { migration0005 } from './0005_license';
import { migration0006 } from './0006_messages';
import { migration0007 } from './0007_whatsapp';
import { migration0008 } from './0008_results';
import { migration0009 } from './0009_contact_totals';
import { migration0010 } from './0010_contact_search';
import { migration0011 } from './0011_cancelled_deliveries';
import { migration0012 } from './0012_whatsapp_messages';
import { migration0013 } from './0013_license_guard';
import { migration0014 } from './0014_campaign_uid';
import { migration0015 } from './0015_contact_search_index';
import { migration0016 } from './0016_pause_params';
import { migration0017 } from './0017_conversations';
import { migration0018 } from './0018_groups';
import { migration0019 } from './0019_cloud';
import { migration0020 } from './0020_wa_connection_guard';
import { migration0021 } from './0021_webhooks';
import { migration0022 } from './0022_mirroring';
import { migration0023 } from './0023_search_backlog';

/** The ordered list of schema steps; the database's PRAGMA user_version is the last one applied. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018, migration0019, migration0020, migration0021, migration0022, migration0023];

export type { Migration };
