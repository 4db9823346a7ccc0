import { Menu, Tray, nativeImage } from 'electron';
import type { TrayAction, TrayModel } from './tray-model';

/** Renders a TrayModel into the system tray; the model itself is built and tested elsewhere. */
export class AppTray {
  private readonly tray: Tray;

  constructor(
    iconPath: string,
    private readonly onAction: (action: TrayAction, campaignId?: number) => void,
  ) {
    const image = nativeImage.createFromPath(iconPath);
    // Tray icons are small; 16 px (32 px on HiDPI through the @2x rule) reads well everywhere.
    this.tray = new Tray(image.isEmpty() ? image : image.resize({ width: 16, height: 16, quality: 'best' }));
    this.tray.on('click', () => onAction('open'));
  }

  render(model: TrayModel): void {
    if (this.tray.isDestroyed()) return;
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(
      Menu.buildFromTemplate(
        model.items.map((item) => {
          if (item.type === 'separator') return { type: 'separator' as const };
          if (item.type === 'label') return { label: item.label, enabled: false };
          return { label: item.label, enabled: item.enabled, click: () => this.onAction(item.action, item.campaignId) };
        }),
      ),
    );
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
